import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createFakeSourceContext } from '@devops-insights/backstage-plugin-node/testUtils';
import { startFakeGitlab } from './__testUtils__/fakeGitlab';
import {
  billingEntity,
  billingProject,
  gitlabConfig,
  NOW,
} from './__testUtils__/scenario';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';
import { verifyGitlabToken } from './verifyToken';

// Shaped like GitLab's documented webhook payloads (only the fields read here and a few more).
const project = {
  id: 42,
  name: 'billing',
  path_with_namespace: 'acme/billing',
  web_url: 'https://gitlab.com/acme/billing',
  default_branch: 'main',
};
const deploymentHook = {
  object_kind: 'deployment',
  status: 'success',
  status_changed_at: '2026-03-02 10:20:00 +0000',
  deployment_id: 102,
  deployable_id: 1020,
  deployable_url: 'https://gitlab.com/acme/billing/-/jobs/1020',
  environment: 'production',
  environment_tier: 'production',
  project,
  short_sha: 'c1c1c1c1',
  ref: 'main',
};
const pipelineHook = {
  object_kind: 'pipeline',
  object_attributes: {
    id: 202,
    iid: 202,
    ref: 'main',
    status: 'success',
    source: 'web',
  },
  project,
  builds: [],
};
const mergeHook = {
  object_kind: 'merge_request',
  object_attributes: { iid: 1, action: 'merge', state: 'merged' },
  project,
};

function request(
  body: unknown,
  key: string,
  token: string | null = 'hook-token',
) {
  return {
    rawBody: Buffer.from(JSON.stringify(body)),
    headers: {
      'x-gitlab-token': token ?? undefined,
      'idempotency-key': key,
      'x-gitlab-event': 'Deployment Hook',
    },
  };
}

describe('GitLab webhooks', () => {
  let server: Awaited<ReturnType<typeof startFakeGitlab>>;
  beforeEach(async () => {
    server = await startFakeGitlab([billingProject()]);
  });
  afterEach(() => server.close());

  const source = () =>
    createGitlabSource({
      settings: readGitlabSettings(new ConfigReader(gitlabConfig(server.url)))!,
      catalog: catalogServiceMock({ entities: [billingEntity()] }),
      auth: mockServices.auth(),
      logger: mockServices.logger.mock(),
      clock: { now: () => NOW, sleep: async () => {} },
    });

  it('stores a Deployment Hook as exactly the row polling writes', async () => {
    const s = source();
    const hooked = createFakeSourceContext({ source: 'gitlab' });
    const answer = await s.webhook!.handle(request(deploymentHook, 'k-1'), {
      ...hooked.ctx,
      deliveries: hooked.deliveries,
    });
    expect(answer).toMatchObject({ status: 200, body: { ingested: 1 } });
    const polled = createFakeSourceContext({ source: 'gitlab' });
    await s.sync(polled.ctx);
    expect(hooked.row('deployment', 'acme/billing#102')).toEqual(
      polled.row('deployment', 'acme/billing#102'),
    );
    expect(hooked.row('deployment', 'acme/billing#102').changes).toHaveLength(
      1,
    );
  });

  it('stores a Pipeline Hook as a ci-run with its attempt', async () => {
    const f = createFakeSourceContext({ source: 'gitlab' });
    await source().webhook!.handle(request(pipelineHook, 'k-2'), {
      ...f.ctx,
      deliveries: f.deliveries,
    });
    expect(f.row('ci-run', 'acme/billing#202#2')).toMatchObject({
      trigger: 'manual',
    });
  });

  it('acknowledges a merged Merge Request Hook without rows', async () => {
    const f = createFakeSourceContext({ source: 'gitlab' });
    const answer = await source().webhook!.handle(request(mergeHook, 'k-3'), {
      ...f.ctx,
      deliveries: f.deliveries,
    });
    expect(answer).toMatchObject({ status: 200, body: { ingested: 0 } });
    expect(f.ingested).toEqual([]);
  });

  it.each([
    ['a wrong token', 'hook-tokem'],
    ['no token', null],
    ['an empty token', ''],
  ])('answers 401 and stores nothing with %s', async (_name, token) => {
    const f = createFakeSourceContext({ source: 'gitlab' });
    const answer = await source().webhook!.handle(
      request(deploymentHook, 'k-4', token),
      {
        ...f.ctx,
        deliveries: f.deliveries,
      },
    );
    expect(answer.status).toBe(401);
    expect(f.ingested).toEqual([]);
    expect(server.requests).toEqual([]);
  });

  it('processes a re-delivered hook once', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'gitlab' });
    const context = { ...f.ctx, deliveries: f.deliveries };
    await s.webhook!.handle(request(pipelineHook, 'k-5'), context);
    expect(
      await s.webhook!.handle(request(pipelineHook, 'k-5'), context),
    ).toEqual({
      status: 200,
      body: { duplicate: true },
    });
    expect(f.ingested).toHaveLength(1);
  });

  it('releases the delivery when the API fails, so the retry is processed', async () => {
    const s = source();
    const f = createFakeSourceContext({ source: 'gitlab' });
    const context = { ...f.ctx, deliveries: f.deliveries };
    server.interceptors.push(({ path }) =>
      path.endsWith('/pipelines/202') ? { status: 502 } : undefined,
    );
    await expect(
      s.webhook!.handle(request(pipelineHook, 'k-6'), context),
    ).rejects.toThrow('502');
    server.interceptors.length = 0;
    expect(
      (await s.webhook!.handle(request(pipelineHook, 'k-6'), context)).status,
    ).toBe(200);
  });
});

describe('verifyGitlabToken', () => {
  it('accepts any configured token and nothing else', () => {
    expect(verifyGitlabToken('b', ['a', 'b'])).toBe(true);
    expect(verifyGitlabToken(['b'], ['b'])).toBe(true);
    expect(verifyGitlabToken('bb', ['b'])).toBe(false);
    expect(verifyGitlabToken(undefined, ['b'])).toBe(false);
    expect(verifyGitlabToken('b', [])).toBe(false);
  });
});
