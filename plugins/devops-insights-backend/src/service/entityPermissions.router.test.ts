import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';

jest.setTimeout(60_000);

const service = mockCredentials.service.header();
const ann = mockCredentials.user.header('user:default/ann');
const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

const shiftAndPage = [
  {
    type: 'oncall-shift',
    source: 'pd',
    id: 's1',
    entityRef: 'group:default/payments',
    userRef: 'ann',
    start: '2026-03-02T00:00:00Z',
    end: '2026-03-03T00:00:00Z',
    level: 1,
  },
  {
    type: 'page',
    source: 'pd',
    id: 'p1',
    entityRef: 'checkout',
    userRef: 'ann',
    notifiedAt: '2026-03-02T06:30:00Z',
    channel: 'phone',
  },
];

/**
 * A policy as the catalog would apply "owner only" to these permissions:
 * allowed for checkout, denied for every other entity; basic permissions
 * allowed.
 */
const checkoutOnly = (names: string[]) =>
  mockServices.permissions.mock({
    authorize: async requests =>
      requests.map(r => ({
        result:
          !names.includes(r.permission.name) ||
          ('resourceRef' in r && r.resourceRef === 'component:default/checkout')
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      })),
    authorizeConditional: async requests =>
      requests.map(() => ({ result: AuthorizeResult.ALLOW })),
  });

describe('entity permissions', () => {
  it('checks devops-insights.entity.read against the entity of every entity read', async () => {
    const permissions = checkoutOnly(['devops-insights.entity.read']);
    const server = await startPluginBackend({
      features: [permissions.factory],
    });
    const paths = [
      'dora',
      'deployments',
      'incidents',
      'toil',
      'oncall',
      'toil-reports',
    ];
    for (const path of paths) {
      const allowed = await request(server)
        .get(`/api/devops-insights/v1/${path}?entityRef=checkout&${window}`)
        .set('Authorization', ann);
      expect([path, allowed.status]).toEqual([path, 200]);
      const denied = await request(server)
        .get(`/api/devops-insights/v1/${path}?entityRef=indexer&${window}`)
        .set('Authorization', ann);
      expect([path, denied.status]).toEqual([path, 403]);
      expect(denied.body.error.message).toBe(
        'Missing permission devops-insights.entity.read for component:default/indexer',
      );
    }
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'devops-insights.entity.read',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/indexer',
        }),
      ],
      expect.anything(),
    );
    // The leadership rollup needs only the basic metrics.read.
    const rollup = await request(server)
      .get(`/api/devops-insights/v1/rollup?${window}`)
      .set('Authorization', ann);
    expect(rollup.status).toBe(200);
  });

  it('withholds per-responder load without devops-insights.oncall.responders.read, keeping the team figures', async () => {
    const permissions = checkoutOnly([
      'devops-insights.oncall.responders.read',
    ]);
    const server = await startPluginBackend({
      features: [permissions.factory],
    });
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          ...shiftAndPage,
          // wallet is payments-mobile's, where bob is on call.
          {
            ...shiftAndPage[0],
            id: 's-wallet',
            entityRef: 'group:default/payments-mobile',
            userRef: 'bob',
          },
          {
            ...shiftAndPage[1],
            id: 'p-wallet',
            entityRef: 'wallet',
            userRef: 'bob',
          },
        ],
      })
      .expect(200);
    const oncall = (entityRef: string) =>
      request(server)
        .get(`/api/devops-insights/v1/oncall?entityRef=${entityRef}&${window}`)
        .set('Authorization', ann);

    const shown = await oncall('checkout');
    expect(shown.status).toBe(200);
    expect(shown.body.respondersWithheld).toBe(false);
    expect(shown.body.responders.map((r: any) => r.userRef)).toEqual([
      'user:default/ann',
    ]);

    const withheld = await oncall('wallet');
    expect(withheld.status).toBe(200);
    expect(withheld.body.respondersWithheld).toBe(true);
    expect(withheld.body.responders).toEqual([]);
    expect(withheld.body.incidents).toEqual({
      created: 0,
      mttaSeconds: null,
      mttrSeconds: null,
    });
    expect(withheld.body.team.pagesPer12h).toBe(0.5);
    expect(withheld.body.now.at).toEqual(expect.any(String));
  });
});

describe('audit events', () => {
  const startAudited = async () => {
    const events: Array<{ options: any; outcome?: any }> = [];
    const auditor = mockServices.auditor.mock({
      createEvent: async options => {
        const entry: { options: any; outcome?: any } = { options };
        events.push(entry);
        return {
          success: async params => {
            entry.outcome = { status: 'succeeded', ...params };
          },
          fail: async params => {
            entry.outcome = { status: 'failed', message: params.error.message };
          },
        };
      },
    });
    const server = await startPluginBackend({ features: [auditor.factory] });
    return { server, events };
  };

  it('records who sent events, how many, and what was stored', async () => {
    const { server, events } = await startAudited();
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({ events: shiftAndPage })
      .expect(200);
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({ events: [{ ...shiftAndPage[1], channel: 'fax' }] })
      .expect(400);

    expect(events.map(e => [e.options.eventId, e.options.meta])).toEqual([
      ['events-ingest', { events: 2 }],
      ['events-ingest', { events: 1 }],
    ]);
    // The auditor reads who from the request's credentials.
    expect(events[0].options.request.headers.authorization).toBe(service);
    expect(events[0].options.severityLevel).toBe('medium');
    expect(events[0].outcome).toEqual({
      status: 'succeeded',
      meta: { created: 2, updated: 0, unchanged: 0, unknownEntityRefs: 0 },
    });
    expect(events[1].outcome.status).toBe('failed');
  });

  it('records toil reports from users, their deletion and webhook deliveries', async () => {
    const { server, events } = await startAudited();
    const created = await request(server)
      .post('/api/devops-insights/v1/toil-reports')
      .set('Authorization', ann)
      .send({
        entityRef: 'checkout',
        week: '2026-W10',
        hours: 2,
        category: 'access requests',
      })
      .expect(201);
    expect(created.body.created).toBe(1);
    const listed = await request(server)
      .get(`/api/devops-insights/v1/toil-reports?entityRef=checkout&${window}`)
      .set('Authorization', ann);
    await request(server)
      .delete(`/api/devops-insights/v1/toil-reports/${listed.body.items[0].id}`)
      .set('Authorization', ann)
      .expect(204);
    await request(server)
      .post('/api/devops-insights/v1/webhooks/nothing')
      .send('{}')
      .expect(404);

    expect(
      events.map(e => [e.options.eventId, e.options.meta, e.outcome.status]),
    ).toEqual([
      [
        'toil-report-create',
        { entityRef: 'checkout', week: '2026-W10', hours: 2 },
        'succeeded',
      ],
      ['toil-report-delete', { id: listed.body.items[0].id }, 'succeeded'],
      ['webhook-delivery', { source: 'nothing', bytes: 2 }, 'failed'],
    ]);
    expect(events[0].options.request.headers.authorization).toBe(ann);
    expect(events[0].outcome.meta).toMatchObject({ created: 1 });
  });
});
