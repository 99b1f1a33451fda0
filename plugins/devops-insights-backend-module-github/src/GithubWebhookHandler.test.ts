import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import deploymentStatusPayload from './__fixtures__/deployment_status.json';
import pullRequestPayload from './__fixtures__/pull_request.closed.json';
import workflowRunPayload from './__fixtures__/workflow_run.completed.json';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import { FakeRepo, startFakeGithub } from './__testUtils__/fakeGithub';
import { githubConfig, NOW, shopEntity } from './__testUtils__/scenario';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';
import { GhDeploymentStatus } from './types';
import { signed } from './__testUtils__/webhooks';

const emptyRepo = (owner: string, repo: string): FakeRepo => ({
  owner,
  repo,
  defaultBranch: 'master',
  deployments: [],
  statuses: {},
  commits: [],
  pulls: [],
  runs: [],
});

function entity(name: string, slug: string) {
  const e = shopEntity({ 'github.com/project-slug': slug });
  return { ...e, metadata: { ...e.metadata, name } };
}

describe('GitHub webhooks', () => {
  let server: Awaited<ReturnType<typeof startFakeGithub>>;
  let hello: FakeRepo;

  beforeEach(async () => {
    hello = emptyRepo('Codertocat', 'Hello-World');
    server = await startFakeGithub([hello, emptyRepo('octo-org', 'octo-repo')]);
  });
  afterEach(() => server.close());

  function source() {
    return createGithubSource({
      settings: readGithubSettings(new ConfigReader(githubConfig(server.url)))!,
      catalog: catalogServiceMock({
        entities: [
          entity('hello', 'Codertocat/Hello-World'),
          entity('octo', 'octo-org/octo-repo'),
        ],
      }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock: { now: () => NOW, sleep: async () => {} },
    });
  }

  it('ingests a signed deployment_status, and polling converges on the same row', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    const answer = await s.webhook!.handle(
      signed('deployment_status', deploymentStatusPayload, 'd-1'),
      { ...f.ctx, deliveries: f.deliveries },
    );
    expect(answer).toMatchObject({
      status: 200,
      body: { ingested: 1, created: 1 },
    });
    expect(
      f.row('deployment', 'codertocat/hello-world#145988746'),
    ).toMatchObject({
      entityRef: 'component:default/hello',
      status: 'success',
      environment: 'production',
    });

    hello.deployments.push({
      ...deploymentStatusPayload.deployment,
      created_at: '2026-03-01T00:00:00Z',
    });
    hello.statuses[145988746] = [
      deploymentStatusPayload.deployment_status as GhDeploymentStatus,
    ];
    await s.sync(f.ctx);
    expect([...f.rows.keys()].filter(k => k.startsWith('deployment/'))).toEqual(
      ['deployment/github/codertocat/hello-world#145988746'],
    );
  });

  it('ingests a workflow_run as a ci-run', async () => {
    const f = createFakeSourceContext({ source: 'github' });
    const answer = await source().webhook!.handle(
      signed('workflow_run', workflowRunPayload, 'w-1'),
      { ...f.ctx, deliveries: f.deliveries },
    );
    expect(answer.status).toBe(200);
    expect(f.row('ci-run', 'octo-org/octo-repo#289782451#1')).toMatchObject({
      entityRef: 'component:default/octo',
      status: 'success',
    });
  });

  it.each([
    [
      'a tampered body',
      (r: ReturnType<typeof signed>) => ({
        ...r,
        rawBody: Buffer.from(
          r.rawBody.toString().replace('success', 'failure'),
        ),
      }),
    ],
    [
      'no signature',
      (r: ReturnType<typeof signed>) => ({
        ...r,
        headers: { ...r.headers, 'x-hub-signature-256': undefined },
      }),
    ],
    [
      'another secret',
      () =>
        signed('deployment_status', deploymentStatusPayload, 'd-1', 'guess'),
    ],
  ])('answers 401 and stores nothing for %s', async (_name, tamper) => {
    const f = createFakeSourceContext({ source: 'github' });
    const answer = await source().webhook!.handle(
      tamper(signed('deployment_status', deploymentStatusPayload, 'd-1')),
      { ...f.ctx, deliveries: f.deliveries },
    );
    expect(answer.status).toBe(401);
    expect(f.ingested).toEqual([]);
    // An unverified delivery id must not be burnt either.
    expect(await f.deliveries.claim('d-1')).toBe(true);
  });

  it('processes a re-delivered webhook once', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    const request = signed('workflow_run', workflowRunPayload, 'w-2');
    const context = { ...f.ctx, deliveries: f.deliveries };
    expect((await s.webhook!.handle(request, context)).status).toBe(200);
    expect(await s.webhook!.handle(request, context)).toEqual({
      status: 200,
      body: { duplicate: true },
    });
    expect(f.ingested).toHaveLength(1);
  });

  it('releases the delivery when storing fails, so the retry is processed', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    const request = signed('workflow_run', workflowRunPayload, 'w-3');
    const context = { ...f.ctx, deliveries: f.deliveries };
    f.failIngestAfter(0);
    await expect(s.webhook!.handle(request, context)).rejects.toThrow(
      'database went away',
    );
    f.failIngestAfter(Infinity);
    expect((await s.webhook!.handle(request, context)).status).toBe(200);
    expect(f.ingested).toHaveLength(1);
  });

  it('acknowledges merged pull requests without rows and ignores unmerged ones', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'github' });
    const context = { ...f.ctx, deliveries: f.deliveries };
    const unmerged = await s.webhook!.handle(
      signed('pull_request', pullRequestPayload, 'p-1'),
      context,
    );
    expect(unmerged.status).toBe(202);
    const merged = {
      ...pullRequestPayload,
      pull_request: {
        ...pullRequestPayload.pull_request,
        merged: true,
        merged_at: '2019-05-15T15:21:18Z',
      },
    };
    const answer = await s.webhook!.handle(
      signed('pull_request', merged, 'p-2'),
      context,
    );
    expect(answer).toMatchObject({ status: 200, body: { ingested: 0 } });
    expect(f.ingested).toEqual([]);
  });

  it('ignores repositories no entity names', async () => {
    const f = createFakeSourceContext({ source: 'github' });
    const payload = {
      ...workflowRunPayload,
      repository: {
        ...workflowRunPayload.repository,
        full_name: 'someone/else',
      },
    };
    const answer = await source().webhook!.handle(
      signed('workflow_run', payload, 'w-9'),
      {
        ...f.ctx,
        deliveries: f.deliveries,
      },
    );
    expect(answer.status).toBe(202);
    expect(f.ingested).toEqual([]);
  });

  it('offers no webhook without a secret', () => {
    const config = githubConfig(server.url);
    delete (config.devopsInsights.github as any).webhookSecret;
    const s = createGithubSource({
      settings: readGithubSettings(new ConfigReader(config))!,
      catalog: catalogServiceMock(),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
    });
    expect(s.webhook).toBeUndefined();
  });
});
