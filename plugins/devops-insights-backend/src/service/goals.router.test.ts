import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';
import { testCatalog } from '../__testUtils__/catalog';

const ann = mockCredentials.user.header('user:default/ann');
const service = mockCredentials.service.header();
const H = 3600;

/**
 * engineering sets a 2 h lead time, payments a 5 % change failure rate,
 * wallet writes an invalid lead-time goal and an unknown one; config gives
 * a 1 d lead time, 10 % failure rate and 20 % toil share.
 */
const goalAnnotations: Record<string, Record<string, string>> = {
  engineering: { 'devops-insights.io/goal-lead-time': '2h' },
  payments: { 'devops-insights.io/goal-change-failure-rate': '5%' },
  wallet: {
    'devops-insights.io/goal-lead-time': 'soon',
    'devops-insights.io/goal-uptime': '99%',
  },
};

const catalog = (): Entity[] =>
  testCatalog.map(e => ({
    ...e,
    metadata: {
      ...e.metadata,
      annotations: {
        ...e.metadata.annotations,
        ...goalAnnotations[e.metadata.name],
      },
    },
  }));

const startBackend = () =>
  startPluginBackend({
    entities: catalog(),
    features: [
      mockServices.rootConfig.factory({
        data: {
          devopsInsights: {
            goals: {
              defaults: {
                leadTime: '1d',
                changeFailureRate: '10%',
                toilShare: '20%',
              },
            },
          },
        },
      }),
    ],
  });

const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';
const read = (server: any, path: string, entityRef: string) =>
  request(server)
    .get(`/api/devops-insights/v1/${path}?entityRef=${entityRef}&${window}`)
    .set('Authorization', ann);

describe('goals in the API', () => {
  it('gives each DORA figure its goal, where it came from and whether it is met', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          {
            type: 'deployment',
            source: 'ci',
            id: 'd1',
            entityRef: 'checkout',
            environment: 'production',
            status: 'success',
            finishedAt: '2026-03-03T12:00:00Z',
            changes: [{ id: 'c1', authoredAt: '2026-03-03T09:00:00Z' }],
          },
        ],
      })
      .expect(200);

    const res = await read(server, 'dora', 'component:default/checkout');
    expect(res.status).toBe(200);
    expect(res.body.goals).toEqual({
      figures: [
        {
          metric: 'leadTime',
          target: 2 * H,
          origin: { kind: 'group', ref: 'group:default/engineering' },
          value: 3 * H,
          met: false,
        },
        {
          metric: 'changeFailureRate',
          target: 0.05,
          origin: { kind: 'group', ref: 'group:default/payments' },
          value: 0,
          met: true,
        },
      ],
      problems: [],
    });
  });

  it('reports invalid goal annotations on the tab and applies the inherited goal instead', async () => {
    const server = await startBackend();
    const res = await read(server, 'dora', 'component:default/wallet');
    expect(res.status).toBe(200);
    expect(res.body.goals.problems).toEqual([
      expect.objectContaining({
        ref: 'component:default/wallet',
        annotation: 'devops-insights.io/goal-lead-time',
        value: 'soon',
        message: expect.stringContaining("'soon' is not a goal for leadTime"),
      }),
      expect.objectContaining({
        annotation: 'devops-insights.io/goal-uptime',
        message: expect.stringContaining('Unknown goal annotation'),
      }),
    ]);
    // wallet → payments-mobile → payments → engineering
    expect(res.body.goals.figures[0]).toEqual({
      metric: 'leadTime',
      target: 2 * H,
      origin: { kind: 'group', ref: 'group:default/engineering' },
      value: null,
      met: null,
    });
  });

  it('lets a child group inherit its parent and gives toil and on-call tabs their goals', async () => {
    const server = await startBackend();
    const toil = await read(server, 'toil', 'group:default/payments-mobile');
    expect(toil.body.goals).toEqual({
      figures: [
        {
          metric: 'toilShare',
          target: 0.2,
          origin: { kind: 'config' },
          value: null,
          met: null,
        },
      ],
      problems: [],
    });
    const dora = await read(server, 'dora', 'group:default/payments-mobile');
    expect(
      dora.body.goals.figures.map((f: any) => [f.metric, f.origin]),
    ).toEqual([
      ['leadTime', { kind: 'group', ref: 'group:default/engineering' }],
      ['changeFailureRate', { kind: 'group', ref: 'group:default/payments' }],
    ]);
    const onCall = await read(server, 'oncall', 'group:default/search');
    expect(onCall.body.goals).toEqual({ figures: [], problems: [] });
    expect(onCall.body.team.offHoursPagesPerResponderWeek).toBeNull();
  });

  it('counts per metric the teams of the rollup that meet their goal', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(`/api/devops-insights/v1/rollup?${window}`)
      .set('Authorization', ann);
    expect(res.status).toBe(200);
    const payments = res.body.teams.find(
      (t: any) => t.groupRef === 'group:default/payments',
    );
    expect(payments.goals.map((g: any) => [g.metric, g.target])).toEqual([
      ['leadTime', 2 * H],
      ['changeFailureRate', 0.05],
      ['toilShare', 0.2],
    ]);
    expect(res.body.goals).toEqual({
      leadTime: { met: 0, missed: 0, noData: 5 },
      changeFailureRate: { met: 0, missed: 0, noData: 5 },
      toilShare: { met: 0, missed: 0, noData: 5 },
    });
  });
});
