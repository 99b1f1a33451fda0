import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import deploymentHookPayload from './__fixtures__/deployment_hook.json';
import { FakeProject, startFakeGitlab } from './__testUtils__/fakeGitlab';
import {
  billingEntity,
  billingProject,
  deployment,
  gitlabConfig,
  NOW,
  pipeline,
  SHAS,
} from './__testUtils__/scenario';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';
import { GlDeployment } from './types';

/**
 * GitLab's documented hooks, delivered in order, late and shuffled, and
 * while the API is down or answers unexpectedly, against what the poller
 * stores from the final state.
 */

const project = {
  id: 42,
  name: 'billing',
  path_with_namespace: 'acme/billing',
  web_url: 'https://gitlab.com/acme/billing',
};
const DEPLOYMENT_ID = 'acme/billing#107';
const PIPELINE_ID = 'acme/billing#204#1';

/** Deployment 107 as the API shows it in each state. */
function d107(state: 'running' | 'success' | 'failed'): GlDeployment {
  const d = deployment(107, '2026-03-09T12:00:00Z', SHAS.c3, state);
  return state === 'running' ? { ...d, updated_at: '2026-03-09T12:01:00Z' } : d;
}

/** The Deployment Hook of each state (shaped as the documented fixture). */
function deploymentHook(state: 'running' | 'success' | 'failed') {
  return {
    ...deploymentHookPayload,
    status: state,
    status_changed_at:
      state === 'running'
        ? '2026-03-09 13:01:00 +0100'
        : '2026-03-09 13:20:00 +0100',
    deployment_id: 107,
    deployable_id: 1070,
    deployable_url: 'https://gitlab.com/acme/billing/-/jobs/1070',
    environment: 'production',
    environment_tier: 'production',
    environment_slug: 'production',
    project,
    short_sha: SHAS.c3.slice(0, 8),
    commit_url: `https://gitlab.com/acme/billing/-/commit/${SHAS.c3}`,
  };
}

function pipelineHook(status: 'running' | 'success') {
  return {
    object_kind: 'pipeline',
    object_attributes: { id: 204, ref: 'main', status, source: 'push' },
    project,
    builds: [],
  };
}

function request(body: unknown, key: string) {
  return {
    rawBody: Buffer.from(JSON.stringify(body)),
    headers: { 'x-gitlab-token': 'hook-token', 'idempotency-key': key },
  };
}

describe('GitLab webhooks out of order and in an outage', () => {
  let server: Awaited<ReturnType<typeof startFakeGitlab>>;
  let billing: FakeProject;

  beforeEach(async () => {
    billing = billingProject();
    server = await startFakeGitlab([billing]);
  });
  afterEach(() => server.close());

  const source = (
    config = gitlabConfig(server.url),
    entity = billingEntity(),
  ) =>
    createGitlabSource({
      settings: readGitlabSettings(new ConfigReader(config))!,
      catalog: catalogServiceMock({ entities: [entity] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock: { now: () => NOW, sleep: async () => {} },
    });

  /** Sets deployment 107 and pipeline 204 to a state, as GitLab would. */
  function gitlabIs(state: 'running' | 'success' | 'failed') {
    billing.deployments = billing.deployments.filter(d => d.id !== 107);
    billing.deployments.push(d107(state));
    billing.pipelines = billing.pipelines.filter(p => p.id !== 204);
    billing.pipelines.push(
      pipeline(204, '2026-03-09T12:00:00Z', {
        status: state === 'running' ? 'running' : 'success',
        ...(state === 'running'
          ? { finished_at: null, updated_at: '2026-03-09T12:01:00Z' }
          : {}),
      }),
    );
    billing.jobs[204] = [{ id: 7, name: 'test', status: 'success' }];
  }

  async function deliver(s: ReturnType<typeof source>, hooks: unknown[]) {
    const f = createFakeSourceContext({ source: 'gitlab' });
    for (const [i, hook] of hooks.entries()) {
      const answer = await s.webhook!.handle(request(hook, `k-${i}`), {
        ...f.ctx,
        deliveries: f.deliveries,
      });
      expect(answer.status).toBe(200);
    }
    return f;
  }

  async function poll() {
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source().sync(f.ctx);
    return f;
  }

  it.each(['success', 'failed'] as const)(
    'running → %s delivered in order, the API following, stores what polling stores',
    async final => {
      const s = source();
      const f = createFakeSourceContext({ source: 'gitlab' });
      let key = 0;
      for (const state of ['running', final] as const) {
        gitlabIs(state);
        const hooks = [
          deploymentHook(state),
          pipelineHook(state === 'running' ? 'running' : 'success'),
        ];
        for (const hook of hooks) {
          const answer = await s.webhook!.handle(request(hook, `k-${key++}`), {
            ...f.ctx,
            deliveries: f.deliveries,
          });
          expect(answer.status).toBe(200);
        }
      }
      const polled = await poll();
      expect(f.row('deployment', DEPLOYMENT_ID)).toEqual(
        polled.row('deployment', DEPLOYMENT_ID),
      );
      expect(f.row('ci-run', PIPELINE_ID)).toEqual(
        polled.row('ci-run', PIPELINE_ID),
      );
    },
  );

  it.each(['success', 'failed'] as const)(
    'running delivered late after %s stores what polling stores, with the API up or down',
    async final => {
      gitlabIs(final);
      const late = [deploymentHook(final), deploymentHook('running')];
      const up = await deliver(source(), [
        ...late,
        pipelineHook('success'),
        pipelineHook('running'),
      ]);
      const polled = await poll();
      expect(up.row('deployment', DEPLOYMENT_ID)).toEqual(
        polled.row('deployment', DEPLOYMENT_ID),
      );
      expect(up.row('ci-run', PIPELINE_ID)).toEqual(
        polled.row('ci-run', PIPELINE_ID),
      );

      server.interceptors.push(() => ({ status: 503 }));
      const s = source();
      const down = await deliver(s, late);
      expect(down.row('deployment', DEPLOYMENT_ID)).toMatchObject({
        status: final === 'success' ? 'success' : 'failure',
        finishedAt: '2026-03-09T12:20:00.000Z',
        commitSha: SHAS.c3,
      });
      server.interceptors.length = 0;
      await s.sync(down.ctx);
      expect(down.row('deployment', DEPLOYMENT_ID)).toEqual(
        polled.row('deployment', DEPLOYMENT_ID),
      );
    },
  );

  describe("GitLab's documented Deployment Hook", () => {
    const hooks = () => {
      const config = gitlabConfig(server.url);
      config.integrations.gitlab[0].host = '10.126.0.2:3000';
      return source(
        config,
        billingEntity({
          'gitlab.com/project-slug': 'root/test-deployment-webhooks',
        }),
      );
    };

    it.each([
      ['unreachable', () => ({ status: 503 })],
      ['answering with an unexpected body', () => ({ status: 200, body: {} })],
      ['answering 404', () => ({ status: 404 })],
    ])(
      'with the API %s is stored from the hook, finishedAt from status_changed_at',
      async (_name, answer) => {
        server.interceptors.push(answer);
        const f = await deliver(hooks(), [deploymentHookPayload]);
        expect(f.row('deployment', 'root/test-deployment-webhooks#15')).toEqual(
          {
            type: 'deployment',
            source: 'gitlab',
            id: 'root/test-deployment-webhooks#15',
            entityRef: 'component:default/billing',
            environment: 'staging',
            production: false,
            status: 'success',
            finishedAt: '2021-04-28T19:50:00.000Z',
            commitSha: '279484c09fbe69ededfced8c1bb6e6d24616b468',
            url: 'http://10.126.0.2:3000/root/test-deployment-webhooks/-/jobs/796',
            updatedAt: '2021-04-28T19:50:00.000Z',
          },
        );
      },
    );
  });
});
