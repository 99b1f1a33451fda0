import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const service = mockCredentials.service.header();
const user = mockCredentials.user.header();
const window = 'from=2026-03-02T00:00:00Z&to=2026-03-30T00:00:00Z';
const at = (day: number, hour = 12) =>
  new Date(Date.UTC(2026, 2, day, hour)).toISOString();

const deployment = (
  id: string,
  entityRef: string,
  day: number,
  extra = {},
) => ({
  type: 'deployment',
  source: 'github',
  id,
  entityRef,
  environment: 'production',
  status: 'success',
  finishedAt: at(day),
  ...extra,
});

/** payments owns checkout; its sub-team payments-mobile owns wallet and wallet-api. */
const EVENTS = [
  deployment('c1', 'checkout', 3),
  deployment('c2', 'checkout', 4),
  deployment('c0', 'checkout', 20, { status: 'failure' }),
  deployment('w1', 'wallet', 5),
  deployment('w0', 'wallet', 24, { finishedAt: '2026-02-20T12:00:00Z' }),
  ...[6, 7].map(day => ({
    type: 'incident',
    source: 'pagerduty',
    id: `i${day}`,
    entityRef: 'wallet',
    urgency: 'high',
    createdAt: at(day),
    acknowledgedAt: at(day, 13),
    resolvedAt: at(day, 14),
    dedupKey: 'disk-full',
  })),
  ...[
    ['p1', 'wallet'],
    ['p2', 'wallet'],
    ['p3', 'checkout'],
    ['p4', 'group:default/payments'],
  ].map(([id, entityRef]) => ({
    type: 'page',
    source: 'pagerduty',
    id,
    entityRef,
    userRef: 'user:default/bob',
    notifiedAt: at(6, 3),
    channel: 'phone',
  })),
  {
    type: 'oncall-shift',
    source: 'pagerduty',
    id: 's1',
    entityRef: 'group:default/payments-mobile',
    userRef: 'user:default/bob',
    level: 1,
    start: '2026-03-01T00:00:00Z',
    end: null,
  },
  {
    type: 'ci-run',
    source: 'github',
    id: 'r1',
    entityRef: 'checkout',
    name: 'e2e',
    attempt: 2,
    trigger: 'manual',
    status: 'success',
    startedAt: at(10),
    finishedAt: at(10, 13),
  },
  {
    type: 'toil-report',
    source: 'form',
    id: 't1',
    entityRef: 'group:default/payments',
    hours: 5,
    category: 'access requests',
    week: '2026-W11',
  },
];

async function seeded() {
  const server = await startPluginBackend();
  await request(server)
    .post('/api/devops-insights/v1/events')
    .set('Authorization', service)
    .send({ events: EVENTS })
    .expect(200);
  const get = async (path: string) => {
    const res = await request(server)
      .get(`/api/devops-insights/v1/${path}`)
      .set('Authorization', user);
    expect(res.status).toBe(200);
    return res.body;
  };
  return { server, get };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

describe('breakdown API', () => {
  it('has one row per pooled entity that adds up to the pooled tiles, for every tab', async () => {
    const { get } = await seeded();
    for (const entityRef of [
      'group:default/payments',
      'system:default/shop',
      'domain:default/commerce',
    ]) {
      const q = `entityRef=${encodeURIComponent(entityRef)}&${window}`;
      const [dora, toil, oncall, byDora, byToil, byOnCall] = await Promise.all([
        get(`dora?${q}`),
        get(`toil?${q}`),
        get(`oncall?${q}`),
        get(`breakdown?tab=dora&${q}`),
        get(`breakdown?tab=toil&${q}`),
        get(`breakdown?tab=oncall&${q}`),
      ]);
      expect(byDora.rows.map((r: any) => r.entityRef)).toEqual(
        dora.scope.entityRefs,
      );
      const rows = (b: any, pick: (r: any) => number) => sum(b.rows.map(pick));
      expect(
        rows(byDora, r => r.dora.current.deploymentFrequency.deployments),
      ).toBe(dora.deploymentFrequency.deployments);
      expect(
        rows(byDora, r => r.dora.current.changeFailureRate.failedDeployments),
      ).toBe(dora.changeFailureRate.failedDeployments);
      expect(rows(byDora, r => r.dora.current.timeToRestore.incidents)).toBe(
        dora.timeToRestore.incidents,
      );
      expect(
        rows(byToil, r => r.toil.hours ?? 0) + byToil.teamLevel.toilHours,
      ).toBeCloseTo(toil.totalHours ?? 0, 9);
      expect(rows(byOnCall, r => r.onCall.incidents)).toBe(
        oncall.incidents.created,
      );
      expect(
        rows(byOnCall, r => r.onCall.pages) + byOnCall.teamLevel.pages,
      ).toBe(sum(oncall.responders.map((r: any) => r.pages)));
    }
  });

  it('groups a team’s rows by the sub-team owning them and compares with the previous window', async () => {
    const { get } = await seeded();
    const body = await get(
      `breakdown?tab=dora&entityRef=group:default/payments&${window}`,
    );
    expect(body.rows.map((r: any) => [r.entityRef, r.ownerRef])).toEqual([
      ['api:default/wallet-api', 'group:default/payments-mobile'],
      ['component:default/checkout', 'group:default/payments'],
      ['component:default/wallet', 'group:default/payments-mobile'],
    ]);
    const wallet = body.rows[2];
    expect(wallet.dora.current.deploymentFrequency.deployments).toBe(1);
    expect(wallet.dora.previous.deploymentFrequency.deployments).toBe(1);
    expect(body.teamLevel).toEqual({ toilHours: 0, pages: 0 });
  });

  it('says which sources feed each entity and what is missing', async () => {
    const { get } = await seeded();
    const body = await get(
      `breakdown?tab=oncall&entityRef=group:default/payments&${window}`,
    );
    const row = (ref: string) =>
      body.rows.find((r: any) => r.entityRef === ref);
    expect(row('component:default/wallet').coverage).toMatchObject({
      deployments: true,
      incidents: true,
      rotation: true, // its owner's permanent shift
      missing: [],
    });
    expect(row('component:default/wallet').coverage.sources).toEqual([
      {
        source: 'github',
        eventTypes: ['deployment'],
        lastEventAt: '2026-03-05T12:00:00.000Z',
      },
      {
        source: 'pagerduty',
        eventTypes: ['incident', 'page'],
        lastEventAt: '2026-03-07T12:00:00.000Z',
      },
    ]);
    expect(row('component:default/checkout').coverage).toMatchObject({
      deployments: true,
      incidents: false,
      rotation: false, // payments itself has no shift
    });
    expect(
      row('component:default/checkout').coverage.missing.map((m: any) => [
        m.need,
        m.annotations[0],
      ]),
    ).toEqual([
      ['incidents', 'pagerduty.com/service-id'],
      ['rotation', 'pagerduty.com/schedule-id'],
    ]);
    expect(row('api:default/wallet-api').coverage).toMatchObject({
      sources: [],
      deployments: false,
      incidents: false,
      rotation: true,
    });
    expect(body.coverage).toEqual({
      entities: 3,
      deployments: 2,
      incidents: 1,
      rotation: 2,
    });
    expect(row('component:default/wallet').onCall).toMatchObject({
      incidents: 2,
      pages: 2,
      rotation: true,
      mttaSeconds: 3600,
      mttrSeconds: 7200,
    });
  });

  it('serves the coverage of one entity and of each rollup team', async () => {
    const { get } = await seeded();
    const one = await get('coverage?entityRef=checkout');
    expect(one.entities.map((e: any) => e.entityRef)).toEqual([
      'component:default/checkout',
    ]);
    expect(one.summary).toEqual({
      entities: 1,
      deployments: 1,
      incidents: 0,
      rotation: 0,
    });
    const teams = await get(
      'coverage/teams?groupRef=group:default/engineering',
    );
    expect(teams.teams).toEqual([
      {
        groupRef: 'group:default/empty-team',
        summary: { entities: 0, deployments: 0, incidents: 0, rotation: 0 },
      },
      {
        groupRef: 'group:default/payments',
        summary: { entities: 3, deployments: 2, incidents: 1, rotation: 2 },
      },
      {
        groupRef: 'group:default/payments-mobile',
        summary: { entities: 2, deployments: 1, incidents: 1, rotation: 2 },
      },
      {
        groupRef: 'group:default/search',
        summary: { entities: 1, deployments: 0, incidents: 0, rotation: 0 },
      },
    ]);
  });

  it.each([
    ['breakdown?entityRef=checkout', 400, /tab/],
    ['breakdown?entityRef=checkout&tab=cost', 400, /tab/],
    ['breakdown?tab=dora', 400, /entityRef/],
    ['coverage/teams?groupRef=group:default/nobody', 404, /nobody/],
  ])('refuses %s', async (path, status, message) => {
    const { server } = await seeded();
    const res = await request(server)
      .get(`/api/devops-insights/v1/${path}`)
      .set('Authorization', user);
    expect(res.status).toBe(status);
    expect(res.body.error.message).toMatch(message);
  });

  it('is 404 for an entity the caller cannot see', async () => {
    const { server } = await seeded();
    const res = await request(server)
      .get(
        `/api/devops-insights/v1/breakdown?tab=dora&entityRef=nothing&${window}`,
      )
      .set('Authorization', user);
    expect(res.status).toBe(404);
  });
});
