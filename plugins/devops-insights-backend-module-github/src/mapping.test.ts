import deploymentPayload from './__fixtures__/deployment.json';
import deploymentStatusPayload from './__fixtures__/deployment_status.json';
import workflowRunPayload from './__fixtures__/workflow_run.completed.json';
import {
  ciRunEventSchema,
  deploymentEventSchema,
  isOlderVersion,
} from '@devops-insights/backstage-plugin-common';
import {
  changeFromCommit,
  isDeploymentRun,
  isProduction,
  mapDeployment,
  mapWorkflowRun,
  revertedSha,
  runState,
} from './mapping';
import { GhDeploymentStatus, GhWorkflowRun, RepoTarget } from './types';

const target: RepoTarget = {
  host: 'github.com',
  owner: 'Codertocat',
  repo: 'Hello-World',
  entityRef: 'component:default/hello',
};

describe('mapDeployment', () => {
  it('maps the deployment_status fixture to a finished production deployment', () => {
    const event = mapDeployment(
      target,
      deploymentStatusPayload.deployment,
      deploymentStatusPayload.deployment_status as GhDeploymentStatus,
    );
    expect(event).toEqual({
      type: 'deployment',
      source: 'github',
      id: 'codertocat/hello-world#145988746',
      entityRef: 'component:default/hello',
      environment: 'production',
      status: 'success',
      startedAt: '2019-05-15T15:20:53Z',
      finishedAt: '2019-05-15T15:20:55Z',
      commitSha: 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
      updatedAt: '2019-05-15T15:20:55Z',
    });
    expect(deploymentEventSchema.safeParse(event).success).toBe(true);
  });

  it('maps the deployment fixture (no status yet) to the same id, in progress', () => {
    const event = mapDeployment(
      target,
      deploymentPayload.deployment,
      undefined,
    );
    expect(event).toMatchObject({
      id: 'codertocat/hello-world#145988746',
      status: 'in_progress',
    });
    expect(event).not.toHaveProperty('finishedAt');
    expect(deploymentEventSchema.safeParse(event).success).toBe(true);
  });

  it('dates each delivery by its state: a late `deployment` is older than its status', () => {
    const created = mapDeployment(
      target,
      deploymentPayload.deployment,
      undefined,
    );
    const finished = mapDeployment(
      target,
      deploymentStatusPayload.deployment,
      deploymentStatusPayload.deployment_status as GhDeploymentStatus,
    );
    expect(created.updatedAt).toBe('2019-05-15T15:20:53Z');
    expect(finished.updatedAt).toBe('2019-05-15T15:20:55Z');
    expect(isOlderVersion(finished.updatedAt, created.updatedAt)).toBe(true);
  });

  it.each([
    ['inactive', 'success'],
    ['error', 'failure'],
    ['failure', 'failure'],
    ['queued', 'in_progress'],
  ] as const)('maps state %s to %s', (state, expected) => {
    const status = {
      ...deploymentStatusPayload.deployment_status,
      state,
    } as GhDeploymentStatus;
    expect(
      mapDeployment(target, deploymentStatusPayload.deployment, status).status,
    ).toBe(expected);
  });
});

describe('isProduction', () => {
  it('lets the annotation decide, case-insensitively', () => {
    const annotated = { ...target, productionEnvironments: ['live'] };
    expect(isProduction(annotated, 'Live', false)).toBe(true);
    expect(isProduction(annotated, 'production', true)).toBe(false);
  });

  it("takes GitHub's production_environment flag, else leaves it to the backend", () => {
    expect(isProduction(target, 'prod-eu', true)).toBe(true);
    expect(isProduction(target, 'production', false)).toBeUndefined();
  });
});

describe('mapWorkflowRun', () => {
  const run = workflowRunPayload.workflow_run as GhWorkflowRun;

  it('maps the workflow_run fixture; its empty name falls back to the file', () => {
    const event = mapWorkflowRun(target, run);
    expect(event).toEqual({
      type: 'ci-run',
      source: 'github',
      id: 'codertocat/hello-world#289782451#1',
      entityRef: 'component:default/hello',
      name: 'test.yml',
      attempt: 1,
      trigger: 'automatic',
      status: 'success',
      startedAt: '2020-10-05T16:33:49Z',
      finishedAt: '2020-10-05T16:33:49Z',
      url: 'https://github.com/octo-org/octo-repo/actions/runs/289782451',
      updatedAt: '2020-10-05T16:33:49Z',
    });
    expect(ciRunEventSchema.safeParse(event).success).toBe(true);
  });

  it('treats workflow_dispatch as manual and keeps the attempt in the id', () => {
    expect(
      mapWorkflowRun(target, {
        ...run,
        event: 'workflow_dispatch',
        run_attempt: 3,
      }),
    ).toMatchObject({
      trigger: 'manual',
      attempt: 3,
      id: 'codertocat/hello-world#289782451#3',
    });
  });

  it.each([
    ['completed', 'timed_out', 'failure'],
    ['completed', 'cancelled', 'cancelled'],
    ['completed', 'skipped', 'cancelled'],
    ['completed', 'neutral', 'success'],
    ['in_progress', null, 'in_progress'],
  ])('maps %s/%s to %s', (status, conclusion, expected) => {
    expect(runState({ ...run, status, conclusion })).toBe(expected);
  });

  it('recognises the deployment workflow by file name on the default branch only', () => {
    const deploy = { ...target, deploymentWorkflow: 'test.yml' };
    expect(isDeploymentRun(deploy, run, 'master')).toBe(true);
    expect(isDeploymentRun(deploy, run, 'main')).toBe(false);
    expect(isDeploymentRun(target, run, 'master')).toBe(false);
    expect(
      isDeploymentRun(deploy, { ...run, conclusion: 'failure' }, 'master'),
    ).toBe(false);
  });
});

describe('changes', () => {
  const commit = (sha: string, date: string, message = 'x') => ({
    sha,
    commit: { message, author: { date } },
  });

  it('dates a squash-merged PR by its earliest commit', () => {
    const squash = commit('s', '2026-03-02T09:00:00Z');
    const change = changeFromCommit(target, squash, {
      pr: {
        number: 7,
        created_at: '2026-03-01T13:00:00Z',
        merged_at: '2026-03-02T09:00:00Z',
      },
      commits: [
        commit('b', '2026-03-01T12:00:00Z'),
        commit('a', '2026-03-01T08:00:00+02:00'),
      ],
    });
    expect(change).toEqual({
      id: 'codertocat/hello-world#pr-7',
      authoredAt: '2026-03-01T06:00:00.000Z',
      pullRequestOpenedAt: '2026-03-01T13:00:00Z',
      mergedAt: '2026-03-02T09:00:00Z',
    });
  });

  it('reads the reverted sha of a git revert message', () => {
    expect(
      revertedSha(
        commit('r', 'x', 'Revert "a"\n\nThis reverts commit 0123abcd.'),
      ),
    ).toBe('0123abcd');
    expect(revertedSha(commit('r', 'x', 'Revert the revert'))).toBeUndefined();
  });
});
