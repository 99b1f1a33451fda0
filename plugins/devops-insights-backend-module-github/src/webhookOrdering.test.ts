import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import { FakeRepo, startFakeGithub } from './__testUtils__/fakeGithub';
import {
  deployment,
  githubConfig,
  NOW,
  run,
  SHAS,
  shopEntity,
  shopRepo,
  status,
} from './__testUtils__/scenario';
import { permutations, signed } from './__testUtils__/webhooks';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';
import { GhDeploymentStatus, GhWorkflowRun } from './types';

/**
 * GitHub's documented sequences, delivered as webhooks in order, shuffled
 * and late, and while the API is down, against what the poller stores from
 * the final state.
 */

/** Every order of three deliveries; `0,1,2` is the order they happened in. */
const orders = permutations([0, 1, 2]).map(order => ({
  order,
  name: order.join(','),
}));

const repository = { full_name: 'acme/shop', default_branch: 'main' };
const DEPLOYMENT_ID = 'acme/shop#8';
const RUN_ID = 'acme/shop#904#1';

/** Deployment 8 as GitHub shows it once its latest status is at `at`. */
const d8 = (at: string) => ({
  ...deployment(8, '2026-03-09T10:00:00Z', SHAS.c3),
  updated_at: at,
});
const inProgress = status(81, 'in_progress', '2026-03-09T10:01:00Z');
const finished = (state: 'success' | 'failure', runId?: number) =>
  status(82, state, '2026-03-09T10:05:00Z', runId);

/** deployment → deployment_status in_progress → success or failure. */
function deploymentDeliveries(final: GhDeploymentStatus) {
  return [
    {
      event: 'deployment',
      payload: {
        action: 'created',
        deployment: d8('2026-03-09T10:00:00Z'),
        repository,
      },
    },
    ...[inProgress, final].map(s => ({
      event: 'deployment_status',
      payload: {
        action: 'created',
        deployment: d8(s.created_at),
        deployment_status: s,
        repository,
      },
    })),
  ];
}

/** Run 904 as GitHub shows it in each state. */
const run904 = (
  state: 'queued' | 'in_progress' | 'completed',
  conclusion: string | null = null,
): GhWorkflowRun => ({
  ...run(904, '2026-03-09T12:00:00Z'),
  status: state,
  conclusion,
  updated_at: {
    queued: '2026-03-09T12:00:00Z',
    in_progress: '2026-03-09T12:00:30Z',
    completed: '2026-03-09T12:05:00Z',
  }[state],
});

/** workflow_run requested → in_progress → completed. */
function runDeliveries(conclusion: 'success' | 'failure') {
  return (
    [
      ['requested', run904('queued')],
      ['in_progress', run904('in_progress')],
      ['completed', run904('completed', conclusion)],
    ] as const
  ).map(([action, workflowRun]) => ({
    event: 'workflow_run',
    payload: { action, workflow_run: workflowRun, repository },
  }));
}

describe('GitHub webhooks out of order and in an outage', () => {
  let server: Awaited<ReturnType<typeof startFakeGithub>>;
  let repo: FakeRepo;

  beforeEach(async () => {
    repo = shopRepo();
    server = await startFakeGithub([repo]);
  });
  afterEach(() => server.close());

  const source = () =>
    createGithubSource({
      settings: readGithubSettings(new ConfigReader(githubConfig(server.url)))!,
      catalog: catalogServiceMock({ entities: [shopEntity()] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock: { now: () => NOW, sleep: async () => {} },
    });

  /** Delivers the webhooks to a fresh source and store; their rows. */
  async function deliver(deliveries: { event: string; payload: unknown }[]) {
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    for (const [i, { event, payload }] of deliveries.entries()) {
      const answer = await s.webhook!.handle(signed(event, payload, `x-${i}`), {
        ...f.ctx,
        deliveries: f.deliveries,
      });
      expect(answer.status).toBe(200);
    }
    return f;
  }

  /** What the poller stores from the repository's final state. */
  async function poll() {
    const f = createFakeSourceContext({ source: 'github' });
    await source().sync(f.ctx);
    return f;
  }

  function finalState(final: GhDeploymentStatus, runConclusion: string) {
    repo.deployments.push(d8(final.created_at));
    repo.statuses[8] = [final, inProgress];
    repo.runs.push(run904('completed', runConclusion));
  }

  describe.each(['success', 'failure'] as const)('ending in %s', final => {
    const deliveries = deploymentDeliveries(finished(final));
    it.each(orders)(
      'deployment → in_progress → final, delivered in the order $name, stores what polling stores',
      async ({ order }) => {
        finalState(finished(final), final);
        const hooked = await deliver(order.map(i => deliveries[i]));
        const polled = await poll();
        expect(hooked.row('deployment', DEPLOYMENT_ID)).toMatchObject({
          status: final,
          finishedAt: '2026-03-09T10:05:00Z',
        });
        expect(hooked.row('deployment', DEPLOYMENT_ID)).toEqual(
          polled.row('deployment', DEPLOYMENT_ID),
        );
      },
    );

    const runs = runDeliveries(final);
    it.each(orders)(
      'workflow_run requested → in_progress → completed, delivered in the order $name, stores what polling stores',
      async ({ order }) => {
        finalState(finished(final), final);
        const hooked = await deliver(order.map(i => runs[i]));
        const polled = await poll();
        expect(hooked.row('ci-run', RUN_ID)).toMatchObject({ status: final });
        expect(hooked.row('ci-run', RUN_ID)).toEqual(
          polled.row('ci-run', RUN_ID),
        );
      },
    );
  });

  it('keeps a failure when the `deployment` delivery arrives after it', async () => {
    const [created, , failed] = deploymentDeliveries(finished('failure'));
    const f = await deliver([failed, created]);
    expect(f.row('deployment', DEPLOYMENT_ID)).toMatchObject({
      status: 'failure',
    });
  });

  it('keeps a completed run when an older `requested` arrives after it', async () => {
    const [requested, , completed] = runDeliveries('success');
    const f = await deliver([completed, requested]);
    expect(f.row('ci-run', RUN_ID)).toMatchObject({ status: 'success' });
  });

  it('stores a deployment_status from its payload while the API is down, and the next sync completes it', async () => {
    // The status names Actions run 902, whose approval makes the deployment
    // manual: only the API tells that.
    const success = finished('success', 902);
    const delivery = deploymentDeliveries(success)[2];
    server.interceptors.push(() => ({ status: 503 }));
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    const answer = await s.webhook!.handle(
      signed(delivery.event, delivery.payload, 'outage-1'),
      { ...f.ctx, deliveries: f.deliveries },
    );
    expect(answer).toMatchObject({ status: 200, body: { created: 1 } });
    expect(f.row('deployment', DEPLOYMENT_ID)).toEqual({
      type: 'deployment',
      source: 'github',
      id: DEPLOYMENT_ID,
      entityRef: 'component:default/shop',
      environment: 'production',
      production: true,
      status: 'success',
      startedAt: '2026-03-09T10:00:00Z',
      finishedAt: '2026-03-09T10:05:00Z',
      commitSha: SHAS.c3,
      updatedAt: '2026-03-09T10:05:00Z',
    });
    expect(server.requests.length).toBeGreaterThan(0);

    server.interceptors.length = 0;
    finalState(success, 'success');
    await s.sync(f.ctx);
    expect(f.row('deployment', DEPLOYMENT_ID)).toMatchObject({
      status: 'success',
      trigger: 'manual',
    });
    expect(f.row('deployment', DEPLOYMENT_ID)).toEqual(
      (await poll()).row('deployment', DEPLOYMENT_ID),
    );
  });
});
