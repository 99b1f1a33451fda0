import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Clock } from '@devops-insights/backstage-plugin-node';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import { FakeRepo, startFakeGithub } from './__testUtils__/fakeGithub';
import {
  deployment,
  githubConfig,
  NOW,
  SHAS,
  shopEntity,
  shopRepo,
  status,
} from './__testUtils__/scenario';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';

const ENTITY = 'component:default/shop';

function testClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => NOW, sleep: async ms => void slept.push(ms) };
}

async function setup(repo: FakeRepo, annotations: Record<string, string> = {}) {
  const server = await startFakeGithub([repo]);
  const clock = testClock();
  const logger = mockServices.logger.mock();
  const source = createGithubSource({
    settings: readGithubSettings(new ConfigReader(githubConfig(server.url)))!,
    catalog: catalogServiceMock({ entities: [shopEntity(annotations)] }),
    auth: mockServices.auth(),
    logger,
    clock,
  });
  return { server, source, clock, logger };
}

describe('GitHub source sync', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('maps deployments with their changes, rollbacks and approvals', async () => {
    const { server, source } = await setup(shopRepo());
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);

    // Squash merge: the change is authored at the PR's first commit, not the squash commit.
    expect(f.row('deployment', 'acme/shop#2')).toMatchObject({
      entityRef: ENTITY,
      environment: 'production',
      production: true,
      status: 'success',
      finishedAt: '2026-03-02T10:20:00Z',
      commitSha: SHAS.c1,
      trigger: 'manual',
      changes: [
        {
          id: 'acme/shop#pr-1',
          authoredAt: '2026-03-01T08:00:00.000Z',
          pullRequestOpenedAt: '2026-03-01T13:00:00Z',
          mergedAt: '2026-03-02T09:00:00Z',
          url: 'https://github.com/acme/shop/pull/1',
        },
      ],
    });
    // A commit without a PR is its own change.
    expect(f.row('deployment', 'acme/shop#4').changes).toEqual([
      expect.objectContaining({
        id: `acme/shop@${SHAS.c2}`,
        authoredAt: '2026-03-03T10:00:00.000Z',
      }),
    ]);
    expect(f.row('deployment', 'acme/shop#4').trigger).toBeUndefined();
    // Deploying an ancestor of what is live rolls it back.
    expect(f.row('deployment', 'acme/shop#5')).toMatchObject({
      remediates: { deployment: { source: 'github', id: 'acme/shop#4' } },
    });
    expect(f.row('deployment', 'acme/shop#5').changes).toBeUndefined();
    // The first deployment has no baseline; staging is not enriched.
    expect(f.row('deployment', 'acme/shop#1')).toMatchObject({
      status: 'success',
      production: true,
    });
    expect(f.row('deployment', 'acme/shop#1').changes).toBeUndefined();
    expect(f.row('deployment', 'acme/shop#3')).toMatchObject({
      environment: 'staging',
    });
    expect(f.row('deployment', 'acme/shop#3').production).toBeUndefined();
    expect(f.row('deployment', 'acme/shop#7')).toMatchObject({
      status: 'in_progress',
    });
    expect(f.statuses).toEqual([
      expect.objectContaining({
        target: 'github.com/acme/shop',
        ok: true,
        rows: 11,
        rateLimit: expect.objectContaining({
          limit: 5000,
          resetAt: '2026-01-01T00:00:00.000Z',
        }),
      }),
    ]);
  });

  it('keeps a deployment whose base was force-pushed away, without changes, and goes on', async () => {
    const { server, source, logger } = await setup(shopRepo());
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(server.requests).toContainEqual({
      path: `/repos/acme/shop/compare/${SHAS.c1}...${SHAS.gone}?per_page=100`,
      status: 404,
    });
    expect(f.row('deployment', 'acme/shop#6')).toMatchObject({
      status: 'success',
    });
    expect(f.row('deployment', 'acme/shop#6').changes).toBeUndefined();
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/Cannot compare .* acme\/shop#6/),
    );
    expect(f.row('deployment', 'acme/shop#7')).toBeDefined();
  });

  it('marks a deployment reverting a commit of the live deployment as its remediation', async () => {
    const repo = shopRepo();
    repo.deployments = repo.deployments.filter(d => ![5, 6].includes(d.id));
    repo.statuses[7] = [status(72, 'success', '2026-03-09T23:20:00Z')];
    const { server, source } = await setup(repo);
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/shop#7')).toMatchObject({
      remediates: { deployment: { source: 'github', id: 'acme/shop#4' } },
      changes: [expect.objectContaining({ id: `acme/shop@${SHAS.c3}` })],
    });
  });

  it('maps workflow runs with attempts and manual dispatch', async () => {
    const { server, source } = await setup(shopRepo());
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(f.row('ci-run', 'acme/shop#902#2')).toMatchObject({
      name: 'Deploy',
      attempt: 2,
      trigger: 'manual',
      status: 'success',
    });
    expect(f.row('ci-run', 'acme/shop#902#1')).toMatchObject({
      attempt: 1,
      status: 'failure',
    });
    expect(f.row('ci-run', 'acme/shop#901#1')).toMatchObject({
      trigger: 'automatic',
      status: 'success',
    });
    expect(f.row('ci-run', 'acme/shop#903#1')).toMatchObject({
      status: 'in_progress',
    });
  });

  it('counts successful default-branch runs of the annotated workflow as deployments', async () => {
    const repo = shopRepo();
    repo.deployments = [];
    const { server, source } = await setup(repo, {
      'devops-insights.io/github-deployment-workflow': 'deploy.yml',
    });
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/shop#run-902')).toMatchObject({
      environment: 'production',
      production: true,
      status: 'success',
      commitSha: SHAS.c1,
      trigger: 'manual',
    });
    expect(f.row('deployment', 'acme/shop#run-901')).toBeUndefined();
  });

  it('honours the production-environments annotation', async () => {
    const { server, source } = await setup(shopRepo(), {
      'devops-insights.io/production-environments': 'Staging',
    });
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/shop#3').production).toBe(true);
    expect(f.row('deployment', 'acme/shop#2').production).toBe(false);
  });

  it('follows Link pagination and stops at the cursor', async () => {
    const repo = shopRepo();
    for (let i = 0; i < 130; i++) {
      const at = new Date(
        Date.parse('2026-02-01T00:00:00Z') + i * 60_000,
      ).toISOString();
      repo.deployments.push(deployment(1000 + i, at, SHAS.c0, 'preview'));
      repo.statuses[1000 + i] = [status(5000 + i, 'success', at)];
    }
    const { server, source } = await setup(repo);
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/shop#1000')).toBeDefined();
    expect(f.row('deployment', 'acme/shop#1129')).toBeDefined();
    expect(server.requests.map(r => r.path)).toContain(
      '/repos/acme/shop/deployments?per_page=100&page=2',
    );

    // Next sync: the cursor sits at the in-progress deployment 7, so only page 1 is read.
    server.requests.length = 0;
    await source.sync(f.ctx);
    expect(f.cursors.get('deployments:github.com/acme/shop')).toBe(
      '2026-03-09T23:00:00Z',
    );
    expect(server.requests.map(r => r.path)).not.toContain(
      '/repos/acme/shop/deployments?per_page=100&page=2',
    );
  });

  it('answers unchanged resources from 304s on the next sync', async () => {
    const { server, source } = await setup(shopRepo());
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    server.requests.length = 0;
    await source.sync(f.ctx);
    const statuses = server.requests.map(r => r.status);
    expect(statuses).toContain(304);
    expect(statuses.filter(s => s === 200).length).toBeLessThan(
      statuses.length / 2,
    );
  });

  it('resumes after a crash mid-sync without loss or re-ingesting stored batches', async () => {
    const repo = shopRepo();
    for (let i = 0; i < 60; i++) {
      const at = new Date(
        Date.parse('2026-02-01T00:00:00Z') + i * 60_000,
      ).toISOString();
      repo.deployments.push(deployment(1000 + i, at, SHAS.c0, 'preview'));
      repo.statuses[1000 + i] = [status(5000 + i, 'success', at)];
    }
    const { server, source } = await setup(repo);
    close = server.close;
    const f = createFakeSourceContext({ source: 'github' });
    f.failIngestAfter(1);
    await source.sync(f.ctx);
    expect(f.statuses).toEqual([
      expect.objectContaining({ ok: false, error: 'database went away' }),
    ]);
    const cursor = f.cursors.get('deployments:github.com/acme/shop');
    expect(cursor).toBe('2026-02-01T00:24:00.000Z'); // the 25th of the first batch
    expect(f.rows.size).toBe(25);

    f.failIngestAfter(Infinity);
    await source.sync(f.ctx); // the "restarted" backend, same cursor table
    const ids = f.ingested
      .flat()
      .filter(e => e.type === 'deployment')
      .map(e => e.id);
    expect(new Set(ids).size).toBe(67);
    // Only the boundary deployment the cursor points at is read twice (idempotently).
    expect(ids.filter(id => id === 'acme/shop#1024')).toHaveLength(2);
    expect(ids.length).toBe(68);
  });

  it('waits out a rate limit through the injected clock and reports failures', async () => {
    const { server, source, clock } = await setup(shopRepo());
    close = server.close;
    let limited = 0;
    server.interceptors.push(({ path }) =>
      path === '/repos/acme/shop/deployments' && limited++ === 0
        ? {
            status: 403,
            headers: {
              'x-ratelimit-remaining': '0',
              'x-ratelimit-reset': String(NOW / 1000 + 120),
            },
            body: { message: 'API rate limit exceeded' },
          }
        : undefined,
    );
    const f = createFakeSourceContext({ source: 'github' });
    await source.sync(f.ctx);
    expect(clock.slept).toEqual([121_000]);
    expect(f.statuses[0]).toMatchObject({ ok: true });

    server.interceptors.push(({ path }) =>
      path === '/repos/acme/shop'
        ? { status: 500, body: { message: 'boom' } }
        : undefined,
    );
    await source.sync(f.ctx);
    expect(f.statuses[1]).toMatchObject({
      ok: false,
      error: expect.stringContaining('500'),
    });
  });
});
