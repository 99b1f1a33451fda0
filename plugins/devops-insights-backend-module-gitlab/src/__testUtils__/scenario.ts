import { Entity } from '@backstage/catalog-model';
import { GlDeployment, GlPipeline } from '../types';
import { FakeProject } from './fakeGitlab';

/** "Now" of every test: all history lies within the 180-day horizon before it. */
export const NOW = Date.parse('2026-03-10T00:00:00Z');

export const SHAS = {
  c0: 'c0'.repeat(20),
  c1: 'c1'.repeat(20),
  c2: 'c2'.repeat(20),
  c3: 'c3'.repeat(20),
};

const plus = (iso: string, minutes: number) =>
  new Date(Date.parse(iso) + minutes * 60_000)
    .toISOString()
    .replace('.000Z', 'Z');

export function deployment(
  id: number,
  at: string,
  sha: string,
  status: GlDeployment['status'] = 'success',
  environment = 'production',
): GlDeployment {
  const done = status === 'success' || status === 'failed';
  return {
    id,
    iid: id - 100,
    ref: 'main',
    sha,
    status,
    created_at: at,
    updated_at: plus(at, 20),
    finished_at: done ? plus(at, 20) : null,
    environment: {
      id: environment === 'production' ? 1 : 2,
      name: environment,
    },
    deployable: {
      id: id * 10,
      started_at: plus(at, 1),
      finished_at: done ? plus(at, 20) : null,
      web_url: `https://gitlab.com/acme/billing/-/jobs/${id * 10}`,
      pipeline: { id: 900 + id, source: 'push' },
    },
  };
}

export function pipeline(
  id: number,
  at: string,
  overrides: Partial<GlPipeline> = {},
): GlPipeline {
  return {
    id,
    iid: id,
    sha: SHAS.c1,
    ref: 'main',
    status: 'success',
    source: 'push',
    created_at: at,
    updated_at: plus(at, 10),
    started_at: plus(at, 1),
    finished_at: plus(at, 10),
    web_url: `https://gitlab.com/acme/billing/-/pipelines/${id}`,
    ...overrides,
  };
}

/**
 * 101 c0, 102 c1 (MR !1, squash-merged), 103 c1 to staging, 104 c2 (MR !2),
 * 105 c1 again (GitLab rollback), 106 c3 still running.
 */
export function billingProject(): FakeProject {
  return {
    id: 42,
    path: 'acme/billing',
    environments: [
      { id: 1, name: 'production', tier: 'production' },
      { id: 2, name: 'staging', tier: 'staging' },
    ],
    deployments: [
      deployment(101, '2026-03-01T00:00:00Z', SHAS.c0),
      deployment(102, '2026-03-02T10:00:00Z', SHAS.c1),
      deployment(103, '2026-03-02T11:00:00Z', SHAS.c1, 'success', 'staging'),
      deployment(104, '2026-03-03T12:00:00Z', SHAS.c2),
      deployment(105, '2026-03-04T12:00:00Z', SHAS.c1),
      deployment(106, '2026-03-09T23:00:00Z', SHAS.c3, 'running'),
    ],
    deploymentMergeRequests: {
      102: [
        {
          iid: 1,
          created_at: '2026-03-01T10:00:00Z',
          merged_at: '2026-03-02T09:00:00Z',
          web_url: 'https://gitlab.com/acme/billing/-/merge_requests/1',
        },
      ],
      104: [
        {
          iid: 2,
          created_at: '2026-03-03T08:00:00Z',
          merged_at: '2026-03-03T11:00:00Z',
        },
      ],
    },
    mergeRequestCommits: {
      // Newest first, as GitLab lists them; the squash commit itself is not among them.
      1: [
        { id: 'b'.repeat(40), authored_date: '2026-03-01T09:00:00.000+01:00' },
        { id: 'a'.repeat(40), authored_date: '2026-02-28T08:00:00.000Z' },
      ],
      2: [{ id: 'd'.repeat(40), authored_date: '2026-03-03T07:00:00Z' }],
    },
    pipelines: [
      pipeline(201, '2026-03-02T09:05:00Z'),
      pipeline(202, '2026-03-02T09:30:00Z', { source: 'web' }),
      pipeline(203, '2026-03-09T23:30:00Z', {
        status: 'running',
        finished_at: null,
      }),
    ],
    jobs: {
      201: [{ id: 1, name: 'test', status: 'success' }],
      202: [
        { id: 2, name: 'build', status: 'failed', retried: true },
        { id: 3, name: 'build', status: 'success' },
        { id: 4, name: 'deploy', status: 'success' },
      ],
      203: [{ id: 5, name: 'test', status: 'running' }],
    },
  };
}

export function billingEntity(
  annotations: Record<string, string> = {
    'gitlab.com/project-slug': 'acme/billing',
  },
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: 'billing', annotations },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

export const gitlabConfig = (url: string) => ({
  integrations: {
    gitlab: [{ host: 'gitlab.com', apiBaseUrl: url, token: 'test-token' }],
  },
  devopsInsights: { gitlab: { webhookToken: 'hook-token' } },
});
