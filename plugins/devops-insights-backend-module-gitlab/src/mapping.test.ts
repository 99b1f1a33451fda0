import {
  ciRunEventSchema,
  deploymentEventSchema,
} from '@devops-insights/backstage-plugin-common';
import deploymentHookPayload from './__fixtures__/deployment_hook.json';
import { deployment, pipeline } from './__testUtils__/scenario';
import {
  deploymentState,
  gitlabTime,
  GlDeploymentHook,
  isProduction,
  mapDeployment,
  mapDeploymentHook,
  mapPipeline,
  pipelineAttempt,
  pipelineState,
} from './mapping';
import { ResolvedProject } from './types';

const deploymentHook = deploymentHookPayload as GlDeploymentHook;

const project: ResolvedProject = {
  host: 'gitlab.com',
  project: '42',
  id: 42,
  path: 'Acme/Billing',
  entityRef: 'component:default/billing',
};

describe('GitLab mapping', () => {
  it('produces valid events with lower-cased path ids', () => {
    const d = mapDeployment(
      project,
      deployment(7, '2026-03-01T00:00:00Z', 'abc'),
      'production',
    );
    expect(d.id).toBe('acme/billing#7');
    expect(deploymentEventSchema.safeParse(d).success).toBe(true);
    const p = mapPipeline(project, pipeline(9, '2026-03-01T00:00:00Z'), 3);
    expect(p.id).toBe('acme/billing#9#3');
    expect(ciRunEventSchema.safeParse(p).success).toBe(true);
  });

  it('decides production by annotation, then tier, else leaves it to the backend', () => {
    expect(
      isProduction(
        { ...project, productionEnvironments: ['live'] },
        'Live',
        'staging',
      ),
    ).toBe(true);
    expect(isProduction(project, 'eu', 'production')).toBe(true);
    expect(isProduction(project, 'production', 'staging')).toBe(false);
    expect(isProduction(project, 'production', undefined)).toBeUndefined();
  });

  it.each([
    ['success', 'success'],
    ['failed', 'failure'],
    ['canceled', 'cancelled'],
    ['blocked', 'in_progress'],
  ] as const)('maps deployment status %s to %s', (status, expected) => {
    expect(deploymentState(status)).toBe(expected);
  });

  it.each([
    ['manual', 'in_progress'],
    ['skipped', 'cancelled'],
    ['failed', 'failure'],
  ])('maps pipeline status %s to %s', (status, expected) => {
    expect(pipelineState(status)).toBe(expected);
  });

  it('counts the attempt from the most retried job', () => {
    expect(pipelineAttempt([])).toBe(1);
    expect(
      pipelineAttempt([
        { id: 1, name: 'a', status: 'failed', retried: true },
        { id: 2, name: 'a', status: 'failed', retried: true },
        { id: 3, name: 'a', status: 'success' },
        { id: 4, name: 'b', status: 'failed', retried: true },
      ]),
    ).toBe(3);
  });
});

describe('gitlabTime', () => {
  it.each([
    ['2021-04-28 21:50:00 +0200', '2021-04-28T19:50:00.000Z'],
    ['2016-08-12 15:23:28 UTC', '2016-08-12T15:23:28.000Z'],
    ['2026-03-02T10:20:00Z', '2026-03-02T10:20:00.000Z'],
    ['2026-03-02T10:20:00.123+01:00', '2026-03-02T09:20:00.123Z'],
    ['2026-03-02 10:20:00', '2026-03-02T10:20:00.000Z'],
    ['yesterday', undefined],
    ['2026-13-45 99:00:00 +0000', undefined],
    [undefined, undefined],
  ])('reads %p as %p', (text, iso) => {
    expect(gitlabTime(text)).toBe(iso);
  });
});

describe('mapDeploymentHook', () => {
  const hooked: ResolvedProject = {
    host: '10.126.0.2:3000',
    project: 'root/test-deployment-webhooks',
    id: 30,
    path: 'root/test-deployment-webhooks',
    entityRef: 'component:default/hooks',
  };

  it("stores GitLab's documented Deployment Hook with finishedAt from its non-ISO status_changed_at", () => {
    const event = mapDeploymentHook(hooked, deploymentHook);
    expect(event).toEqual({
      type: 'deployment',
      source: 'gitlab',
      id: 'root/test-deployment-webhooks#15',
      entityRef: 'component:default/hooks',
      environment: 'staging',
      production: false,
      status: 'success',
      finishedAt: '2021-04-28T19:50:00.000Z',
      commitSha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
      url: 'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
      updatedAt: '2021-04-28T19:50:00.000Z',
    });
    expect(deploymentEventSchema.safeParse(event).success).toBe(true);
  });

  it('starts a running deployment at its status change', () => {
    expect(
      mapDeploymentHook(hooked, { ...deploymentHook, status: 'running' }),
    ).toMatchObject({
      status: 'in_progress',
      startedAt: '2021-04-28T19:50:00.000Z',
    });
  });

  it.each([
    ['no status time', { status_changed_at: undefined }],
    ['an unreadable status time', { status_changed_at: 'soon' }],
    ['no deployment id', { deployment_id: undefined }],
    ['no environment', { environment: undefined }],
  ])('gives nothing for a hook with %s', (_name, change) => {
    expect(
      mapDeploymentHook(hooked, { ...deploymentHook, ...change }),
    ).toBeUndefined();
  });
});
