import { mockServices } from '@backstage/backend-test-utils';
import { RateLimitedClient, RateLimitedClientOptions } from '../http';
import { DEFAULT_SOURCE_SCHEDULE } from '../settings';
import { createFakeSourceContext } from '../testUtils';
import { createScmSource } from './createScmSource';
import { scmTargetKey } from './scmTarget';

type Target = { host: string; path: string; entityRef: string };

const target = (host: string, path: string, entity = path): Target => ({
  host,
  path,
  entityRef: `component:default/${entity}`,
});

const TEST_API = {
  name: 'Test',
  defaultHeaders: {},
  rules: {
    statuses: [429],
    headers: { remaining: 'r', limit: 'l', reset: 'x' },
    waitForReset: () => false,
    backoffMs: () => 1000,
  },
  createError: (status: number, url: string, message: string) =>
    new Error(`${status} ${url} ${message}`),
};

function setup(options: { targets: Target[]; webhookSecrets?: string[] }) {
  const created: RateLimitedClientOptions[] = [];
  const apis: { target: Target; client: RateLimitedClient }[] = [];
  const synced: string[] = [];
  const clock = { now: () => 0, sleep: async () => {} };
  const source = createScmSource({
    id: 'test',
    name: 'Test',
    settings: {
      schedule: DEFAULT_SOURCE_SCHEDULE,
      webhookSecrets: options.webhookSecrets ?? [],
    },
    logger: mockServices.logger.mock(),
    clock,
    targets: {
      list: async () => options.targets,
      keyOf: t => scmTargetKey(t.host, t.path),
      annotations: ['example.com/project-slug', 'example.com/project-id'],
    },
    client: {
      create: clientOptions => {
        created.push(clientOptions);
        return new RateLimitedClient(clientOptions, TEST_API);
      },
      integrations: {
        byHost: host =>
          host === 'git.example.com'
            ? { config: { apiBaseUrl: 'https://git.example.com/api' } }
            : undefined,
      },
      defaultApiBaseUrl: 'https://api.example.com',
      credentials: {
        getCredentials: async ({ url }) => ({
          headers: { authorization: `token for ${url}` },
        }),
      },
      credentialsUrl: t => `https://${t.host}/${t.path}`,
    },
    createApi: (t, client) => {
      const api = { target: t, client };
      apis.push(api);
      return api;
    },
    syncTarget: async (api, ctx) => {
      synced.push(api.target.path);
      if (api.target.path === 'acme/bad') throw new Error('boom');
      await ctx.sink.ingest([]);
      return api.target.path.length;
    },
    webhook: ({ secrets, apiFor }) => ({
      handle: async () => ({
        status: 200,
        body: { secrets, api: apiFor(options.targets[0]).target.path },
      }),
    }),
  });
  return { source, created, apis, synced, clock };
}

describe('createScmSource', () => {
  it('syncs each target through one API per target and entity, kept across syncs', async () => {
    const targets = [
      target('github.com', 'acme/shop'),
      target('git.example.com', 'acme/cart'),
      target('github.com', 'acme/shop', 'shop-docs'),
      target('github.com', 'acme/bad'),
    ];
    const { source, created, apis, synced } = setup({ targets });
    const f = createFakeSourceContext({ source: 'test' });
    await source.sync(f.ctx);
    await source.sync(f.ctx);

    expect(synced).toEqual([
      ...['acme/shop', 'acme/cart', 'acme/shop', 'acme/bad'],
      ...['acme/shop', 'acme/cart', 'acme/shop', 'acme/bad'],
    ]);
    // The same repository opted in by two entities has an API each.
    expect(apis.map(a => a.target)).toEqual(targets);
    expect(f.statuses.slice(0, 4)).toEqual([
      expect.objectContaining({
        target: 'github.com/acme/shop',
        ok: true,
        rows: 9,
      }),
      expect.objectContaining({
        target: 'git.example.com/acme/cart',
        ok: true,
      }),
      expect.objectContaining({ target: 'github.com/acme/shop', ok: true }),
      expect.objectContaining({
        target: 'github.com/acme/bad',
        ok: false,
        error: 'boom',
      }),
    ]);
    expect(f.statuses[0].rateLimit).toEqual({
      remaining: null,
      limit: null,
      resetAt: null,
    });

    // A configured host's API URL, else the default; credentials per request.
    expect(created.map(o => o.apiBaseUrl)).toEqual([
      'https://api.example.com',
      'https://git.example.com/api',
      'https://api.example.com',
      'https://api.example.com',
    ]);
    expect(await created[1].headers()).toEqual({
      authorization: 'token for https://git.example.com/acme/cart',
    });
  });

  it('names the opt-in annotations once and reports nothing without targets', async () => {
    const { source, synced } = setup({ targets: [] });
    const f = createFakeSourceContext({ source: 'test' });
    await source.sync(f.ctx);
    expect(f.logger.info).toHaveBeenCalledWith(
      'No catalog entity has a example.com/project-slug or example.com/project-id annotation',
    );
    expect(synced).toEqual([]);
    expect(f.statuses).toEqual([]);
  });

  it('offers a webhook only with secrets, over the same APIs', async () => {
    const targets = [target('github.com', 'acme/shop')];
    expect(setup({ targets }).source.webhook).toBeUndefined();

    const { source, apis } = setup({ targets, webhookSecrets: ['s1', 's2'] });
    expect(source.id).toBe('test');
    expect(source.schedule).toBe(DEFAULT_SOURCE_SCHEDULE);
    const f = createFakeSourceContext({ source: 'test' });
    const answer = await source.webhook!.handle(
      { headers: {}, rawBody: Buffer.from('{}') },
      { sink: f.sink, logger: f.logger, deliveries: f.deliveries },
    );
    expect(answer.body).toEqual({ secrets: ['s1', 's2'], api: 'acme/shop' });
    await source.sync(f.ctx);
    expect(apis).toHaveLength(1);
  });
});
