import { Entity } from '@backstage/catalog-model';
import { FakeCommit, FakePull, FakeRepo } from './fakeGithub';
import { GhDeployment, GhDeploymentStatus, GhWorkflowRun } from '../types';

/** "Now" of every test: all history lies within the 180-day horizon before it. */
export const NOW = Date.parse('2026-03-10T00:00:00Z');

export const sha = (n: number | string) =>
  String(n)
    .padStart(40, 'c')
    .replace(/[^0-9a-f]/g, 'a');

export const SHAS = {
  c0: sha('a0'),
  c1: sha('a1'), // squash merge of PR 1
  c2: sha('a2'), // direct commit
  c3: sha('a3'), // revert of c2
  p1a: sha('b1'),
  p1b: sha('b2'),
  gone: sha('ff'), // force-pushed away
};

export function commits(): FakeCommit[] {
  return [
    {
      sha: SHAS.c0,
      parents: [],
      message: 'initial',
      authoredAt: '2026-02-20T10:00:00Z',
    },
    // The squash commit is authored at merge time: the PR's first commit is a day older.
    {
      sha: SHAS.c1,
      parents: [SHAS.c0],
      message: 'Feature (#1)',
      authoredAt: '2026-03-02T09:00:00Z',
    },
    {
      sha: SHAS.c2,
      parents: [SHAS.c1],
      message: 'Direct fix',
      authoredAt: '2026-03-03T10:00:00Z',
    },
    {
      sha: SHAS.c3,
      parents: [SHAS.c2],
      message: `Revert "Direct fix"\n\nThis reverts commit ${SHAS.c2}.`,
      authoredAt: '2026-03-05T10:00:00Z',
    },
    {
      sha: SHAS.p1a,
      parents: [SHAS.c0],
      message: 'wip',
      authoredAt: '2026-03-01T08:00:00Z',
    },
    {
      sha: SHAS.p1b,
      parents: [SHAS.p1a],
      message: 'done',
      authoredAt: '2026-03-01T12:00:00Z',
    },
  ];
}

export function pulls(): FakePull[] {
  return [
    {
      number: 1,
      html_url: 'https://github.com/acme/shop/pull/1',
      title: 'Feature',
      created_at: '2026-03-01T13:00:00Z',
      merged_at: '2026-03-02T09:00:00Z',
      merge_commit_sha: SHAS.c1,
      commitShas: [SHAS.p1a, SHAS.p1b],
    },
  ];
}

export function deployment(
  id: number,
  at: string,
  commit: string,
  environment = 'production',
): GhDeployment {
  return {
    id,
    sha: commit,
    ref: 'main',
    task: 'deploy',
    environment,
    production_environment: environment === 'production',
    created_at: at,
    updated_at: at,
  };
}

export function status(
  id: number,
  state: GhDeploymentStatus['state'],
  at: string,
  runId?: number,
): GhDeploymentStatus {
  return {
    id,
    state,
    created_at: at,
    updated_at: at,
    log_url: runId
      ? `https://github.com/acme/shop/actions/runs/${runId}/job/1`
      : null,
  };
}

export function run(
  id: number,
  at: string,
  overrides: Partial<GhWorkflowRun> = {},
): GhWorkflowRun {
  return {
    id,
    name: 'CI',
    path: '.github/workflows/ci.yml',
    event: 'push',
    status: 'completed',
    conclusion: 'success',
    head_branch: 'main',
    head_sha: SHAS.c1,
    run_attempt: 1,
    run_started_at: at,
    created_at: at,
    updated_at: new Date(Date.parse(at) + 300_000)
      .toISOString()
      .replace('.000', ''),
    html_url: `https://github.com/acme/shop/actions/runs/${id}`,
    workflow_id: 7,
    ...overrides,
  };
}

/**
 * d1 c0, d2 c1 (PR 1, squash), d3 c1 to staging, d4 c2, d5 c1 (rollback),
 * d6 a force-pushed sha, d7 c3 (revert of c2) still in progress.
 */
export function shopRepo(): FakeRepo {
  return {
    owner: 'acme',
    repo: 'shop',
    defaultBranch: 'main',
    commits: commits(),
    pulls: pulls(),
    deployments: [
      deployment(1, '2026-03-01T00:00:00Z', SHAS.c0),
      deployment(2, '2026-03-02T10:00:00Z', SHAS.c1),
      deployment(3, '2026-03-02T11:00:00Z', SHAS.c1, 'staging'),
      deployment(4, '2026-03-03T12:00:00Z', SHAS.c2),
      deployment(5, '2026-03-04T12:00:00Z', SHAS.c1),
      deployment(6, '2026-03-05T08:00:00Z', SHAS.gone),
      deployment(7, '2026-03-09T23:00:00Z', SHAS.c3),
    ],
    statuses: {
      1: [status(11, 'inactive', '2026-03-01T00:10:00Z')],
      2: [status(21, 'success', '2026-03-02T10:20:00Z', 902)],
      3: [status(31, 'success', '2026-03-02T11:10:00Z')],
      4: [status(41, 'success', '2026-03-03T12:15:00Z')],
      5: [status(51, 'success', '2026-03-04T12:05:00Z')],
      6: [status(61, 'success', '2026-03-05T08:10:00Z')],
      7: [status(71, 'in_progress', '2026-03-09T23:01:00Z')],
    },
    runs: [
      run(901, '2026-03-02T09:05:00Z'),
      run(902, '2026-03-02T09:30:00Z', {
        name: 'Deploy',
        path: '.github/workflows/deploy.yml',
        event: 'workflow_dispatch',
        run_attempt: 2,
      }),
      run(903, '2026-03-09T23:30:00Z', {
        status: 'in_progress',
        conclusion: null,
      }),
    ],
    attempts: {
      '902/1': run(902, '2026-03-02T09:10:00Z', {
        name: 'Deploy',
        path: '.github/workflows/deploy.yml',
        event: 'workflow_dispatch',
        conclusion: 'failure',
      }),
    },
    approvals: {
      902: [{ state: 'approved', environments: [{ name: 'production' }] }],
    },
  };
}

export function shopEntity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'shop',
      annotations: { 'github.com/project-slug': 'acme/shop', ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

export const githubConfig = (
  url: string,
  extra: Record<string, unknown> = {},
) => ({
  integrations: {
    github: [{ host: 'github.com', apiBaseUrl: url, token: 'test-token' }],
  },
  devopsInsights: {
    github: { webhookSecret: "It's a Secret to Everybody", ...extra },
  },
});
