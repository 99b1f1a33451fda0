import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import { FakeProject, startFakeGitlab } from './__testUtils__/fakeGitlab';
import {
  billingEntity,
  billingProject,
  gitlabConfig,
  NOW,
  pipeline,
  SHAS,
} from './__testUtils__/scenario';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';

async function setup(
  project: FakeProject,
  annotations?: Record<string, string>,
) {
  const server = await startFakeGitlab([project]);
  const slept: number[] = [];
  const source = createGitlabSource({
    settings: readGitlabSettings(new ConfigReader(gitlabConfig(server.url)))!,
    catalog: catalogServiceMock({ entities: [billingEntity(annotations)] }),
    auth: mockServices.auth(),
    logger: mockServices.logger.mock(),
    clock: { now: () => NOW, sleep: async ms => void slept.push(ms) },
  });
  return { server, source, slept };
}

describe('GitLab source sync', () => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => close?.());

  it('maps production deployments with their merge requests and rollbacks', async () => {
    const { server, source } = await setup(billingProject());
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);

    expect(f.row('deployment', 'acme/billing#102')).toEqual({
      type: 'deployment',
      source: 'gitlab',
      id: 'acme/billing#102',
      entityRef: 'component:default/billing',
      environment: 'production',
      production: true,
      status: 'success',
      startedAt: '2026-03-02T10:01:00Z',
      finishedAt: '2026-03-02T10:20:00Z',
      commitSha: SHAS.c1,
      url: 'https://gitlab.com/acme/billing/-/jobs/1020',
      trigger: 'automatic',
      updatedAt: '2026-03-02T10:20:00Z',
      // Squash-merged: authored at the MR's first commit, not at the merge.
      changes: [
        {
          id: 'acme/billing!1',
          authoredAt: '2026-02-28T08:00:00.000Z',
          pullRequestOpenedAt: '2026-03-01T10:00:00Z',
          mergedAt: '2026-03-02T09:00:00Z',
          url: 'https://gitlab.com/acme/billing/-/merge_requests/1',
        },
      ],
    });
    expect(f.row('deployment', 'acme/billing#103')).toMatchObject({
      production: false,
    });
    expect(f.row('deployment', 'acme/billing#103').changes).toBeUndefined();
    expect(f.row('deployment', 'acme/billing#105')).toMatchObject({
      remediates: { deployment: { source: 'gitlab', id: 'acme/billing#104' } },
    });
    expect(f.row('deployment', 'acme/billing#104').remediates).toBeUndefined();
    expect(f.row('deployment', 'acme/billing#106')).toMatchObject({
      status: 'in_progress',
    });
    expect(f.statuses).toEqual([
      {
        target: 'gitlab.com/acme/billing',
        ok: true,
        rows: 9,
        rateLimit: {
          remaining: 1990,
          limit: 2000,
          resetAt: '2026-01-01T00:00:00.000Z',
        },
      },
    ]);
  });

  it('maps pipelines: source=web is manual, retried jobs make attempt 2', async () => {
    const { server, source } = await setup(billingProject());
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);
    expect(f.row('ci-run', 'acme/billing#202#2')).toMatchObject({
      attempt: 2,
      trigger: 'manual',
      status: 'success',
      startedAt: '2026-03-02T09:31:00Z',
      finishedAt: '2026-03-02T09:40:00Z',
    });
    expect(f.row('ci-run', 'acme/billing#201#1')).toMatchObject({
      trigger: 'automatic',
    });
    expect(f.row('ci-run', 'acme/billing#203#1')).toMatchObject({
      status: 'in_progress',
    });
  });

  it('finds the project by gitlab.com/project-id and still names events by path', async () => {
    const { server, source } = await setup(billingProject(), {
      'gitlab.com/project-id': '42',
    });
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/billing#102')).toBeDefined();
    expect(f.statuses[0]).toMatchObject({ target: 'gitlab.com/42', ok: true });
  });

  it('lets the production-environments annotation override the tier', async () => {
    const { server, source } = await setup(billingProject(), {
      'gitlab.com/project-slug': 'acme/billing',
      'devops-insights.io/production-environments': 'staging',
    });
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);
    expect(f.row('deployment', 'acme/billing#103').production).toBe(true);
    expect(f.row('deployment', 'acme/billing#102').production).toBe(false);
  });

  it('follows Link pagination and reads only what changed on the next sync', async () => {
    const project = billingProject();
    for (let i = 0; i < 130; i++) {
      project.pipelines.push(
        pipeline(
          1000 + i,
          new Date(
            Date.parse('2026-02-01T00:00:00Z') + i * 60_000,
          ).toISOString(),
        ),
      );
    }
    const { server, source } = await setup(project);
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);
    expect(f.row('ci-run', 'acme/billing#1000#1')).toBeDefined();
    expect(f.row('ci-run', 'acme/billing#1129#1')).toBeDefined();
    expect(
      server.requests.some(
        r =>
          r.path.startsWith('/api/v4/projects/42/pipelines?') &&
          r.path.includes('page=2'),
      ),
    ).toBe(true);

    const before = f.ingested.length;
    project.pipelines.push(pipeline(5000, '2026-03-09T23:50:00Z'));
    await source.sync(f.ctx);
    const again = f.ingested
      .slice(before)
      .flat()
      .map(e => e.id);
    // The last item of each list (the cursor's own) and the new pipeline.
    expect(again.sort()).toEqual([
      'acme/billing#106',
      'acme/billing#203#1',
      'acme/billing#5000#1',
    ]);
  });

  it('waits out a 429 through RateLimit-Reset and Retry-After on the injected clock', async () => {
    const { server, source, slept } = await setup(billingProject());
    close = server.close;
    const answers: { status: number; headers: Record<string, string> }[] = [
      {
        status: 429,
        headers: {
          'ratelimit-remaining': '0',
          'ratelimit-reset': String(NOW / 1000 + 60),
        },
      },
      { status: 429, headers: { 'retry-after': '5' } },
    ];
    server.interceptors.push(({ path }) =>
      path === '/api/v4/projects/42/deployments' ? answers.shift() : undefined,
    );
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source.sync(f.ctx);
    expect(slept).toEqual([61_000, 5000]);
    expect(f.statuses[0]).toMatchObject({ ok: true, rows: 9 });
  });

  it('resumes after a crash mid-sync without loss or re-ingesting stored batches', async () => {
    const project = billingProject();
    for (let i = 0; i < 60; i++) {
      project.pipelines.push(
        pipeline(
          1000 + i,
          new Date(
            Date.parse('2026-02-01T00:00:00Z') + i * 60_000,
          ).toISOString(),
        ),
      );
    }
    const { server, source } = await setup(project);
    close = server.close;
    const f = createFakeSourceContext({ source: 'gitlab' });
    f.failIngestAfter(2); // deployments, then one batch of 25 pipelines
    await source.sync(f.ctx);
    expect(f.statuses[0]).toMatchObject({
      ok: false,
      error: 'database went away',
    });
    expect(f.cursors.get('pipelines:gitlab.com/acme/billing')).toBe(
      '2026-02-01T00:34:00Z',
    );

    f.failIngestAfter(Infinity);
    await source.sync(f.ctx);
    const ids = f.ingested
      .flat()
      .filter(e => e.type === 'ci-run')
      .map(e => e.id);
    expect(new Set(ids).size).toBe(63);
    expect(ids.length).toBe(64); // only the cursor's own pipeline twice
    expect(ids.filter(id => id === 'acme/billing#1024#1')).toHaveLength(2);
  });
});
