import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { devopsInsightsPlugin } from '../plugin';
import { testCatalog } from '../__testUtils__/catalog';

const day = (n: number) => new Date(Date.UTC(2026, 2, n, 12)).toISOString();
const deployment = (id: string, entityRef: string, finishedAt: string) => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef,
  environment: 'production',
  status: 'success',
  finishedAt,
});
const window = 'from=2026-03-01T00:00:00Z&to=2026-03-29T00:00:00Z';

async function seeded() {
  const { server } = await startTestBackend({
    features: [
      devopsInsightsPlugin,
      catalogServiceMock.factory({ entities: testCatalog }),
    ],
  });
  await request(server)
    .post('/api/devops-insights/v1/events')
    .set('Authorization', mockCredentials.service.header())
    .send({
      events: [
        deployment('c1', 'checkout', day(2)),
        deployment('c2', 'checkout', day(3)),
        deployment('w1', 'wallet', day(4)),
        {
          type: 'incident',
          source: 'pd',
          id: 'i1',
          entityRef: 'wallet',
          createdAt: day(4),
          resolvedAt: day(5),
        },
        deployment('x1', 'indexer', day(6)),
        deployment('p1', 'indexer', '2026-02-20T12:00:00Z'), // previous window
      ],
    })
    .expect(200);
  return server;
}

const rollup = (server: any, query = '') =>
  request(server)
    .get(`/api/devops-insights/v1/rollup?${window}${query}`)
    .set('Authorization', mockCredentials.user.header());

describe('rollup API', () => {
  it('has one row per team pooling its sub-teams, each service counted once', async () => {
    const server = await seeded();
    const res = await rollup(server);
    expect(res.status).toBe(200);
    const row = (ref: string) =>
      res.body.teams.find((t: any) => t.groupRef === ref);
    expect(res.body.teams.map((t: any) => t.groupRef)).toEqual([
      'group:default/empty-team',
      'group:default/engineering',
      'group:default/payments',
      'group:default/payments-mobile',
      'group:default/search',
    ]);
    expect(row('group:default/payments')).toMatchObject({
      services: 3, // checkout, plus wallet and wallet-api of the sub-team
      parentRef: 'group:default/engineering',
      dora: {
        deploymentFrequency: { deployments: 3 },
        changeFailureRate: { failedDeployments: 1 },
      },
    });
    expect(
      row('group:default/payments-mobile').dora.deploymentFrequency.deployments,
    ).toBe(1);
    expect(
      row('group:default/engineering').dora.deploymentFrequency.deployments,
    ).toBe(4);
    expect(
      row('group:default/search').previous.deploymentFrequency.deployments,
    ).toBe(1);
    expect(res.body.pooled.deploymentFrequency.deployments).toBe(4);
    expect(res.body.distribution.deploymentFrequency.services).toEqual({
      elite: 0,
      high: 0,
      medium: 3,
      low: 0,
      none: 1, // wallet-api has no data
    });
  });

  it('counts each team once in the distributions: a parent is a summary of its sub-teams', async () => {
    const server = await seeded();
    const res = await rollup(server);
    const row = (ref: string) =>
      res.body.teams.find((t: any) => t.groupRef === ref);
    // engineering owns nothing itself: only a summary of its sub-teams.
    expect(row('group:default/engineering')).toMatchObject({
      subTeams: 3,
      own: null,
    });
    // payments owns checkout itself: it counts as that service alone.
    expect(row('group:default/payments')).toMatchObject({
      subTeams: 1,
      own: { services: 1, dora: { deploymentFrequency: { deployments: 2 } } },
    });
    expect(row('group:default/search')).toMatchObject({
      subTeams: 0,
      own: null,
    });
    // payments (own: checkout), payments-mobile, search, empty-team; not
    // engineering, whose services are all counted through its sub-teams.
    expect(res.body.distribution.deploymentFrequency.teams).toEqual({
      elite: 0,
      high: 0,
      medium: 3,
      low: 0,
      none: 1,
    });
  });

  it('draws whole weeks only in the sparklines', async () => {
    const server = await seeded();
    // The window runs from Sunday 1 March to Sunday 29 March 00:00: the
    // weeks of 2, 9 and 16 March are whole; the day of 23 February's week
    // and the six days of 23 March's are left out.
    const res = await rollup(server);
    expect(
      res.body.teams[0].weekly.map((w: any) => w.weekStart.slice(0, 10)),
    ).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
  });

  it('shows a team without data as no data, not zeros', async () => {
    const server = await seeded();
    const res = await rollup(server);
    const empty = res.body.teams.find(
      (t: any) => t.groupRef === 'group:default/empty-team',
    );
    expect(empty).toMatchObject({
      services: 0,
      dora: {
        deploymentFrequency: { perDay: null, band: null },
        leadTimeForChanges: { medianSeconds: null },
        changeFailureRate: { ratio: null },
        timeToRestore: { medianSeconds: null },
      },
      toil: { hours: null, share: null, status: null },
      pagesPer12h: null,
    });
  });

  it('filters to a parent group and its descendants', async () => {
    const server = await seeded();
    const res = await rollup(server, '&groupRef=group:default/payments');
    expect(res.body.groupRef).toBe('group:default/payments');
    expect(res.body.teams.map((t: any) => t.groupRef)).toEqual([
      'group:default/payments-mobile',
    ]);
    expect(res.body.pooled.deploymentFrequency.deployments).toBe(1);
    expect((await rollup(server, '&groupRef=group:default/nope')).status).toBe(
      404,
    );
  });

  it('answers from what is stored now, also right after the same request', async () => {
    const server = await seeded();
    const deploymentsOf = (res: any, ref: string) =>
      res.body.teams.find((t: any) => t.groupRef === ref).dora
        .deploymentFrequency.deployments;
    const [first, concurrent] = await Promise.all([
      rollup(server),
      rollup(server),
    ]);
    expect(concurrent.body).toEqual(first.body);
    expect(deploymentsOf(first, 'group:default/search')).toBe(1);

    // A remediation filed against another team's service changes search's
    // change failures without any row of search changing.
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', mockCredentials.service.header())
      .send({
        events: [
          {
            ...deployment('c3', 'checkout', day(9)),
            remediates: { deployment: { source: 'ci', id: 'x1' } },
          },
        ],
      })
      .expect(200);
    const after = await rollup(server);
    const search = after.body.teams.find(
      (t: any) => t.groupRef === 'group:default/search',
    );
    expect(search.dora.deploymentFrequency.deployments).toBe(1);
    expect(search.dora.changeFailureRate.failedDeployments).toBe(1);
    expect(
      first.body.teams.find((t: any) => t.groupRef === 'group:default/search')
        .dora.changeFailureRate.failedDeployments,
    ).toBe(0);
  });

  it('sends the same answer compressed or not, as the client accepts', async () => {
    const server = await seeded();
    const gzipped = await rollup(server).set('Accept-Encoding', 'gzip');
    const plain = await rollup(server).set('Accept-Encoding', 'identity');
    expect(gzipped.headers['content-encoding']).toBe('gzip');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.headers['content-type']).toMatch(/^application\/json/);
    expect(plain.body).toEqual(gzipped.body);
    expect(plain.body.teams).toHaveLength(5);
  });
});
