import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';

jest.setTimeout(120_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

// payments owns checkout (member ann) and has the sub-team payments-mobile
// (member bob); search owns indexer (member cy). See __testUtils__/catalog.
const ann = mockCredentials.user.header('user:default/ann');
const bob = mockCredentials.user.header('user:default/bob');
const cy = mockCredentials.user.header('user:default/cy');
const guest = mockCredentials.user.header('user:development/guest');

const report = (entityRef: string, hours: number, week = '2026-W10') => ({
  entityRef,
  week,
  hours,
  category: 'access requests',
});

// 2026-03-02 is the Monday of 2026-W10; the window is that ISO week.
const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

describe.each(databases.eachSupportedId())('toil reports, on %p', id => {
  const start = async (features: BackendFeature[] = []) => {
    const knex = await databases.init(id);
    return startPluginBackend({
      features: [mockServices.database.factory({ knex }), ...features],
    });
  };

  const post = (server: any, auth: string, body: object) =>
    request(server)
      .post('/api/devops-insights/v1/toil-reports')
      .set('Authorization', auth)
      .send(body);

  const list = async (server: any, entityRef: string, auth = ann) => {
    const res = await request(server)
      .get(
        `/api/devops-insights/v1/toil-reports?entityRef=${entityRef}&${window}`,
      )
      .set('Authorization', auth);
    expect(res.status).toBe(200);
    return res.body;
  };

  const toilHours = async (server: any, entityRef: string) =>
    (
      await request(server)
        .get(`/api/devops-insights/v1/toil?entityRef=${entityRef}&${window}`)
        .set('Authorization', ann)
    ).body.totalHours;

  it('refuses a guest and a non-member of the owning team, storing nothing', async () => {
    const server = await start();
    const fromGuest = await post(server, guest, report('checkout', 168));
    expect(fromGuest.status).toBe(403);
    expect(fromGuest.body.error.message).toContain(
      'Only members of the team owning component:default/checkout',
    );
    // cy is in search; bob is in payments-mobile, below the owner payments.
    expect((await post(server, cy, report('checkout', 1))).status).toBe(403);
    expect((await post(server, bob, report('checkout', 1))).status).toBe(403);
    expect((await list(server, 'checkout')).totalCount).toBe(0);
    expect(await toilHours(server, 'checkout')).toBeNull();
    // An entity the caller cannot see is 404, as for reads.
    expect((await post(server, ann, report('nowhere', 1))).status).toBe(404);
  });

  it('takes a member’s report and records the reporter', async () => {
    const server = await start();
    const created = await post(server, ann, report('checkout', 7));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created: 1 });
    // The members of a team and its sub-teams report for the team itself.
    expect(
      (await post(server, bob, report('group:default/payments', 2))).status,
    ).toBe(201);

    const own = await list(server, 'checkout');
    expect(own).toMatchObject({ totalCount: 1, limit: 50, offset: 0 });
    expect(own.items).toEqual([
      {
        source: 'backstage',
        id: expect.any(String),
        entityRef: 'component:default/checkout',
        week: '2026-W10',
        hours: 7,
        category: 'access requests',
        description: null,
        userRef: 'user:default/ann',
        reportedBy: 'user:default/ann',
        canDelete: true,
      },
    ]);
    // cy may read the list but not delete from it.
    expect((await list(server, 'checkout', cy)).items[0].canDelete).toBe(false);
    expect(await toilHours(server, 'checkout')).toBe(7);
  });

  it('bounds one person’s reports per ISO week by the working week, over all entities, storing nothing beyond', async () => {
    const server = await start();
    const tooMuch = await post(server, ann, report('checkout', 41));
    expect(tooMuch.status).toBe(400);
    expect(tooMuch.body.errors).toEqual([
      {
        index: 0,
        path: 'hours',
        message: expect.stringContaining(
          'at most 40 h of toil per person and ISO week (devopsInsights.toil.hoursPerWeek)',
        ),
      },
    ]);

    expect((await post(server, ann, report('checkout', 30))).status).toBe(201);
    const over = await post(
      server,
      ann,
      report('group:default/payments', 10.5),
    );
    expect(over.status).toBe(400);
    expect(over.body.errors[0].message).toContain(
      'user:default/ann has 30 h reported for 2026-W10, so at most 10 h more',
    );
    expect((await list(server, 'group:default/payments')).totalCount).toBe(1);
    expect(await toilHours(server, 'checkout')).toBe(30);

    // Up to the bound, and another week has its own.
    expect(
      (await post(server, ann, report('group:default/payments', 10))).status,
    ).toBe(201);
    expect(
      (await post(server, ann, report('checkout', 40, '2026-W11'))).status,
    ).toBe(201);
    // Concurrent reports cannot both pass the bound.
    const racing = await Promise.all(
      [1, 2, 3].map(() => post(server, bob, report('wallet', 15, '2026-W12'))),
    );
    expect(racing.map(r => r.status).sort()).toEqual([201, 201, 400]);
  });

  it('lets the reporter or a member of the owning team delete a report, and nobody else', async () => {
    const server = await start();
    await post(server, ann, report('checkout', 7));
    await post(server, ann, report('group:default/payments', 3));
    const [onCheckout] = (await list(server, 'checkout')).items;
    const [onTeam] = (
      await list(server, 'group:default/payments')
    ).items.filter((r: any) => r.entityRef === 'group:default/payments');
    const remove = (reportId: string, auth: string) =>
      request(server)
        .delete(`/api/devops-insights/v1/toil-reports/${reportId}`)
        .set('Authorization', auth);

    // bob is not in payments (the owner of checkout), cy in no owning team.
    expect((await remove(onCheckout.id, bob)).status).toBe(403);
    expect((await remove(onTeam.id, cy)).status).toBe(403);
    expect((await remove(onTeam.id, guest)).status).toBe(403);
    expect(await toilHours(server, 'checkout')).toBe(7);

    // bob is a member of the team payments (through payments-mobile).
    const listedForBob = await list(server, 'group:default/payments', bob);
    expect(
      listedForBob.items.map((r: any) => [r.entityRef, r.canDelete]),
    ).toEqual([
      ['component:default/checkout', false],
      ['group:default/payments', true],
    ]);
    expect((await remove(onTeam.id, bob)).status).toBe(204);
    // The reporter deletes their own; the figures follow.
    expect((await remove(onCheckout.id, ann)).status).toBe(204);
    expect(await toilHours(server, 'checkout')).toBeNull();
    expect((await list(server, 'group:default/payments')).totalCount).toBe(0);
    expect((await remove(onCheckout.id, ann)).status).toBe(404);
    expect((await remove('no-such-report', ann)).status).toBe(404);
    // Characters PostgreSQL refuses are no report either, not a 500.
    expect((await remove('a%00b', ann)).status).toBe(404);
  });

  it('takes a conditional policy decision, applied to the entity, as the whole answer', async () => {
    const conditional: PolicyDecision = {
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_KIND',
        resourceType: 'catalog-entity',
        params: { kinds: ['component'] },
      },
    };
    // As the catalog would apply the condition: components only.
    const permissions = mockServices.permissions.mock({
      authorizeConditional: async requests => requests.map(() => conditional),
      authorize: async requests =>
        requests.map(r => ({
          result:
            'resourceRef' in r && r.resourceRef?.startsWith('component:')
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        })),
    });
    const server = await start([permissions.factory]);
    // Widened: cy, not an owner, may report for any component ...
    expect((await post(server, cy, report('checkout', 2))).status).toBe(201);
    // ... and narrowed: ann, a member, may not report for her team.
    expect(
      (await post(server, ann, report('group:default/payments', 2))).status,
    ).toBe(403);
    expect(permissions.authorize).toHaveBeenCalledWith(
      [
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'devops-insights.toil.report',
            resourceType: 'catalog-entity',
          }),
          resourceRef: 'component:default/checkout',
        }),
      ],
      expect.anything(),
    );
  });

  it('refuses everyone when the policy denies', async () => {
    const server = await start([
      mockServices.permissions.factory({ result: AuthorizeResult.DENY }),
    ]);
    expect((await post(server, ann, report('checkout', 1))).status).toBe(403);
  });
});
