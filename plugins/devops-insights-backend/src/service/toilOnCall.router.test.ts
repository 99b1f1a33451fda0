import { startPluginBackend } from '../__testUtils__/backend';
import { mockCredentials } from '@backstage/backend-test-utils';
import request from 'supertest';

const service = mockCredentials.service.header();
const ann = mockCredentials.user.header('user:default/ann');

const startBackend = () => startPluginBackend();

// 2026-03-02 is a Monday; the window is that ISO week.
const window = 'from=2026-03-02T00:00:00Z&to=2026-03-09T00:00:00Z';

describe('toil API', () => {
  it('takes a toil report from the signed-in user and counts it for the owning team', async () => {
    const server = await startBackend();
    const created = await request(server)
      .post('/api/devops-insights/v1/toil-reports')
      .set('Authorization', ann)
      .send({
        entityRef: 'checkout',
        week: '2026-W10',
        hours: 7,
        category: 'access requests',
      });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ created: 1 });

    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          {
            type: 'ci-run',
            source: 'ci',
            id: 'r1',
            entityRef: 'checkout',
            name: 'e2e',
            attempt: 2,
            trigger: 'automatic',
            status: 'success',
            startedAt: '2026-03-03T10:00:00Z',
            finishedAt: '2026-03-03T10:50:00Z',
          },
        ],
      })
      .expect(200);

    const res = await request(server)
      .get(`/api/devops-insights/v1/toil?entityRef=checkout&${window}`)
      .set('Authorization', ann);
    expect(res.status).toBe(200);
    // payments owns checkout and has one member (ann): capacity 40 h a week.
    expect(res.body).toMatchObject({
      scope: { owningGroups: ['group:default/payments'], members: 1 },
      totalHours: 8,
      capacityHours: 40,
      share: 0.2,
      status: 'healthy',
    });
    const selfReported = res.body.signals.find(
      (s: any) => s.key === 'selfReported',
    );
    expect(selfReported).toMatchObject({
      count: 1,
      hours: 7,
      topSources: [{ name: 'access requests', count: 1, hours: 7 }],
    });
  });

  it("counts only the window's runs and reports, and has data once any activity began before its end", async () => {
    const server = await startBackend();
    const rerun = (id: string, entityRef: string, at: string) => ({
      type: 'ci-run',
      source: 'ci',
      id,
      entityRef,
      name: 'e2e',
      attempt: 2,
      trigger: 'automatic',
      status: 'success',
      startedAt: at,
      finishedAt: at,
    });
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
          // checkout: a rerun before the window, one at its (exclusive) end
          // and a report of the week after it: activity, but no toil in it.
          rerun('r0', 'checkout', '2026-02-10T10:00:00Z'),
          rerun('r1', 'checkout', '2026-03-09T00:00:00Z'),
          {
            type: 'toil-report',
            source: 'ci',
            id: 't1',
            entityRef: 'checkout',
            week: '2026-W11',
            hours: 3,
            category: 'access requests',
          },
          // indexer: only a rerun after the window, so no data yet.
          rerun('r2', 'indexer', '2026-03-10T10:00:00Z'),
        ],
      })
      .expect(200);

    const toilOf = async (entityRef: string) =>
      (
        await request(server)
          .get(`/api/devops-insights/v1/toil?entityRef=${entityRef}&${window}`)
          .set('Authorization', ann)
          .expect(200)
      ).body;
    expect(await toilOf('checkout')).toMatchObject({
      totalHours: 0,
      share: 0,
    });
    expect(await toilOf('indexer')).toMatchObject({
      totalHours: null,
      share: null,
    });

    // The rollup reads the same window's rows for every team at once.
    const rollup = await request(server)
      .get(`/api/devops-insights/v1/rollup?${window}`)
      .set('Authorization', ann)
      .expect(200);
    const rowOf = (team: string) =>
      rollup.body.teams.find(
        (t: any) => t.groupRef === `group:default/${team}`,
      );
    expect(rowOf('payments').toil).toMatchObject({ hours: 0, share: 0 });
    expect(rowOf('search').toil).toEqual({
      hours: null,
      share: null,
      status: null,
    });
  });

  it('pools the members of a group and its descendants', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get(
        `/api/devops-insights/v1/toil?entityRef=group:default/payments&${window}`,
      )
      .set('Authorization', ann);
    expect(res.body.scope).toMatchObject({
      owningGroups: ['group:default/payments', 'group:default/payments-mobile'],
      members: 2,
    });
    expect(res.body.totalHours).toBeNull();
    expect(res.body.capacityHours).toBe(80);
  });

  it('rejects toil reports from services, and bad ones with 400 storing nothing', async () => {
    const server = await startBackend();
    const fromService = await request(server)
      .post('/api/devops-insights/v1/toil-reports')
      .set('Authorization', service)
      .send({
        entityRef: 'checkout',
        week: '2026-W10',
        hours: 7,
        category: 'x',
      });
    expect(fromService.status).toBe(403);

    const bad = await request(server)
      .post('/api/devops-insights/v1/toil-reports')
      .set('Authorization', ann)
      .send({
        entityRef: 'checkout',
        week: '2026-W54',
        hours: -1,
        category: 'x',
      });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: any) => e.path).sort()).toEqual([
      'hours',
      'week',
    ]);

    const res = await request(server)
      .get(`/api/devops-insights/v1/toil?entityRef=checkout&${window}`)
      .set('Authorization', ann);
    expect(res.body.totalHours).toBeNull();
  });
});

describe('on-call API', () => {
  it('reads shifts of the owning team and pages of its entities in the user zone', async () => {
    const server = await startBackend();
    await request(server)
      .post('/api/devops-insights/v1/events')
      .set('Authorization', service)
      .send({
        events: [
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
          {
            type: 'page',
            source: 'pd',
            id: 'p2',
            entityRef: 'checkout',
            userRef: 'ann',
            notifiedAt: '2026-03-02T07:30:00Z',
            channel: 'email',
          },
        ],
      })
      .expect(200);
    const res = await request(server)
      .get(`/api/devops-insights/v1/oncall?entityRef=checkout&${window}`)
      .set('Authorization', ann);
    expect(res.status).toBe(200);
    expect(res.body.scope.owningGroups).toEqual(['group:default/payments']);
    // 06:30 UTC is 07:30 in Berlin: sleep hours.
    expect(res.body.responders).toEqual([
      expect.objectContaining({
        userRef: 'user:default/ann',
        timeZone: 'Europe/Berlin',
        onCallHours: 24,
        pages: 1,
        pagesPer12h: 0.5,
        pagesByBand: { sleep: 1, business: 0, off: 0 },
        flags: {
          overloaded: false,
          overOnCallCap: false,
          sleepInterrupted: true,
        },
      }),
    ]);
    expect(res.body.team.level1CoverageHours).toBe(24);
  });
});

describe('sources and webhooks', () => {
  it('lists no sources when none is installed', async () => {
    const server = await startBackend();
    const res = await request(server)
      .get('/api/devops-insights/v1/sources')
      .set('Authorization', ann);
    expect(res.body).toEqual({ sources: [] });
  });

  it('lets unauthenticated webhook calls reach the router, 404 for an unknown source', async () => {
    const server = await startBackend();
    const res = await request(server)
      .post('/api/devops-insights/v1/webhooks/nothing')
      .send('{}');
    expect(res.status).toBe(404);
  });
});
