import { startPluginBackend } from '../__testUtils__/backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

const service = mockCredentials.service.header();
const user = mockCredentials.user.header();

const day = (n: number, hour = 12) =>
  new Date(Date.UTC(2026, 0, n, hour)).toISOString();

const deployment = (
  id: string,
  entityRef: string,
  finishedAt: string,
  extra = {},
) => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef,
  environment: 'production',
  status: 'success',
  finishedAt,
  ...extra,
});

const startBackend = (options: { deny?: boolean } = {}) =>
  startPluginBackend(options);

const window = `from=${encodeURIComponent(day(1, 0))}&to=${encodeURIComponent(
  day(31, 0),
)}`;

describe('events API', () => {
  it('rejects requests without credentials with 401', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .send({ events: [deployment('d1', 'checkout', day(2))] });
    expect(res.status).toBe(401);
  });

  it('rejects user credentials with 403: only services send events', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', user)
      .send({ events: [deployment('d1', 'checkout', day(2))] });
    expect(res.status).toBe(403);
  });

  it('answers 403 without the events.create permission and stores nothing', async () => {
    const server = await startBackend({ deny: true });
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({ events: [deployment('d1', 'checkout', day(2))] });
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it('stores events and reports created, updated, unchanged and unknown refs', async () => {
    const server = await startBackend();
    const post = (events: object[]) =>
      request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', service)
        .send({ events });

    const first = await post([
      deployment('d1', 'checkout', day(2)),
      deployment('d2', 'component:default/ghost', day(3)),
    ]);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      created: 2,
      updated: 0,
      unchanged: 0,
      unknownEntityRefs: ['component:default/ghost'],
    });

    const again = await post([
      deployment('d1', 'checkout', day(2)),
      deployment('d2', 'component:default/ghost', day(4)),
    ]);
    expect(again.body).toMatchObject({ created: 0, updated: 1, unchanged: 1 });

    const dora = await request(server)
      .get(`/api/devops-insights/v1/dora?entityRef=checkout&${window}`)
      .set('Authorization', user);
    expect(dora.body.deploymentFrequency.deployments).toBe(1);
  });

  it('rejects a batch with an invalid event with 400, listing errors, storing nothing', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          deployment('ok', 'checkout', day(2)),
          deployment('bad', 'checkout', 'yesterday'),
          {
            type: 'incident',
            source: 'Bad Source',
            id: 'i1',
            entityRef: 'checkout',
          },
        ],
      });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ index: 1, path: 'finishedAt' }),
        expect.objectContaining({ index: 2, path: 'source' }),
        expect.objectContaining({ index: 2, path: 'createdAt' }),
      ]),
    );
    expect(res.body.errors.some((e: { index: number }) => e.index === 0)).toBe(
      false,
    );

    const dora = await request(server)
      .get(`/api/devops-insights/v1/dora?entityRef=checkout&${window}`)
      .set('Authorization', user);
    expect(dora.body.deploymentFrequency).toEqual({
      deployments: 0,
      perDay: null,
      band: null,
    });
  });

  it('rejects an empty batch and a body that is not { events }', async () => {
    const server = await startBackend();
    for (const body of [{ events: [] }, { deployments: [] }, [1, 2]]) {
      const res = await request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', service)
        .send(body);
      expect(res.status).toBe(400);
    }
  });

  it('answers 413 for a body over the size limit', async () => {
    const server = await startBackend();
    const huge = 'x'.repeat(21 * 1024 * 1024);
    const res = await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .set('Content-Type', 'application/json')
      .send(`{"events":[{"title":"${huge}"}]}`);
    expect(res.status).toBe(413);
  });
});

describe('metrics API', () => {
  async function seeded() {
    const server = await startBackend();
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          deployment('c1', 'checkout', day(2)),
          deployment('c2', 'checkout', day(3)),
          deployment('w1', 'wallet', day(4)),
          deployment('a1', 'api:default/wallet-api', day(5)),
          deployment('i1', 'indexer', day(6)),
          deployment('s1', 'checkout', day(7), { environment: 'staging' }),
        ],
      });
    return server;
  }

  const doraOf = async (server: any, ref: string) =>
    request(server)
      .get(
        `/api/devops-insights/v1/dora?entityRef=${encodeURIComponent(
          ref,
        )}&${window}`,
      )
      .set('Authorization', user);

  it('requires credentials and the metrics.read permission', async () => {
    const server = await startBackend();
    expect(
      (
        await request(server).get(
          `/api/devops-insights/v1/dora?entityRef=checkout`,
        )
      ).status,
    ).toBe(401);
    const denied = await startBackend({ deny: true });
    expect((await doraOf(denied, 'checkout')).status).toBe(403);
  });

  it('answers 404 for an entity the caller cannot see', async () => {
    const server = await seeded();
    const res = await doraOf(server, 'component:default/nowhere');
    expect(res.status).toBe(404);
  });

  it('answers 400 for a bad window', async () => {
    const server = await seeded();
    for (const query of [
      'entityRef=checkout&from=banana',
      `entityRef=checkout&from=${day(5)}&to=${day(4)}`,
      `entityRef=checkout&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`,
      'from=2026-01-01T00:00:00Z',
    ]) {
      const res = await request(server)
        .get(`/api/devops-insights/v1/dora?${query}`)
        .set('Authorization', user);
      expect(res.status).toBe(400);
    }
  });

  it.each([
    ['checkout', ['component:default/checkout'], 2],
    [
      'system:default/shop',
      [
        'component:default/checkout',
        'component:default/wallet',
        'system:default/shop',
      ],
      3,
    ],
    [
      'domain:default/commerce',
      [
        'component:default/checkout',
        'component:default/wallet',
        'system:default/shop',
      ],
      3,
    ],
    [
      'group:default/payments',
      [
        'api:default/wallet-api',
        'component:default/checkout',
        'component:default/wallet',
      ],
      4,
    ],
    [
      'group:default/engineering',
      [
        'api:default/wallet-api',
        'component:default/checkout',
        'component:default/indexer',
        'component:default/wallet',
      ],
      5,
    ],
  ])('pools the scope of %s', async (ref, scope, deployments) => {
    const server = await seeded();
    const res = await doraOf(server, ref);
    expect(res.status).toBe(200);
    expect([...res.body.scope.entityRefs].sort()).toEqual(scope);
    expect(res.body.deploymentFrequency.deployments).toBe(deployments);
  });

  it('answers a team without any data with nulls, not zeros', async () => {
    const server = await seeded();
    const res = await doraOf(server, 'group:default/empty-team');
    expect(res.body.scope.entityRefs).toEqual([]);
    expect(res.body.deploymentFrequency.perDay).toBeNull();
    expect(res.body.leadTimeForChanges.medianSeconds).toBeNull();
    expect(res.body.changeFailureRate.ratio).toBeNull();
    expect(res.body.timeToRestore.medianSeconds).toBeNull();
  });

  it('lists the deployments behind the numbers, paginated', async () => {
    const server = await seeded();
    const res = await request(server)
      .get(
        `/api/devops-insights/v1/deployments?entityRef=checkout&${window}&limit=2`,
      )
      .set('Authorization', user);
    expect(res.status).toBe(200);
    expect(res.body.totalCount).toBe(3);
    expect(res.body.items.map((d: { id: string }) => d.id)).toEqual([
      's1',
      'c2',
    ]);
    expect(res.body.items[0]).toMatchObject({
      countsForDora: false,
      failed: null,
    });
    expect(res.body.items[1]).toMatchObject({
      countsForDora: true,
      failed: false,
    });
  });

  it('sorts and searches a list on the server, one page at a time', async () => {
    const server = await seeded();
    const list = (query: string) =>
      request(server)
        .get(
          `/api/devops-insights/v1/deployments?entityRef=checkout&${window}&${query}`,
        )
        .set('Authorization', user);
    const ids = (res: { body: { items: { id: string }[] } }) =>
      res.body.items.map(d => d.id);

    const oldestFirst = await list('sort=finishedAt&order=asc&limit=2');
    expect(oldestFirst.status).toBe(200);
    expect(ids(oldestFirst)).toEqual(['c1', 'c2']);
    expect(oldestFirst.body.totalCount).toBe(3);

    const second = await list('sort=finishedAt&order=asc&limit=2&offset=2');
    expect(ids(second)).toEqual(['s1']);

    const staging = await list('search=STAG');
    expect(ids(staging)).toEqual(['s1']);
    expect(staging.body.totalCount).toBe(1);

    const unknown = await list('sort=secret');
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('sort');
  });

  it('lists only the change failures when asked', async () => {
    const server = await seeded();
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          {
            type: 'incident',
            source: 'pager',
            id: 'p1',
            entityRef: 'checkout',
            urgency: 'high',
            createdAt: day(3, 13),
            causedBy: { source: 'ci', id: 'c2' },
          },
        ],
      });
    const list = (query: string) =>
      request(server)
        .get(
          `/api/devops-insights/v1/deployments?entityRef=checkout&${window}&${query}`,
        )
        .set('Authorization', user);

    const failures = await list('failed=true');
    expect(failures.status).toBe(200);
    expect(failures.body.items).toEqual([
      expect.objectContaining({ id: 'c2', failed: true }),
    ]);
    expect(failures.body.totalCount).toBe(1);
    expect((await list('')).body.totalCount).toBe(3);

    const bad = await list('failed=false');
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toContain('failed');
  });
});
