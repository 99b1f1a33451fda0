import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import request from 'supertest';
import { devopsInsightsPlugin } from '../plugin';

// Backstage does not forbid childOf/parentOf cycles: a → b → a, and c its own
// parent. Every read that walks the group tree must visit each group once.
const group = (name: string, parent: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: {},
  relations: [
    { type: 'childOf', targetRef: `group:default/${parent}` },
    { type: 'parentOf', targetRef: `group:default/${parent}` },
  ],
});
const component = (name: string, owner: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, namespace: 'default' },
  spec: {},
  relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
});
// A member of both groups of the cycle: one member, counted once.
const user: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'ann', namespace: 'default' },
  spec: {},
  relations: ['a', 'b'].map(g => ({
    type: 'memberOf',
    targetRef: `group:default/${g}`,
  })),
};
const cyclicCatalog = [
  group('a', 'b'),
  group('b', 'a'),
  group('c', 'c'),
  user,
  component('svc-a', 'a'),
  component('svc-b', 'b'),
  component('svc-c', 'c'),
];
const window = 'from=2026-03-01T00:00:00Z&to=2026-03-29T00:00:00Z';

// Each test starts a backend: seconds on a busy machine.
jest.setTimeout(60_000);

async function seeded() {
  const { server } = await startTestBackend({
    features: [
      devopsInsightsPlugin,
      catalogServiceMock.factory({ entities: cyclicCatalog }),
    ],
  });
  await request(server)
    .post('/api/devops-insights/v1/events')
    .set('Authorization', mockCredentials.service.header())
    .send({
      events: [
        ...['svc-a', 'svc-b', 'svc-c'].map(entityRef => ({
          type: 'deployment',
          source: 'ci',
          id: entityRef,
          entityRef,
          environment: 'production',
          status: 'success',
          finishedAt: '2026-03-02T12:00:00Z',
        })),
        // Team-level on-call and toil on either side of the cycle.
        {
          type: 'oncall-shift',
          source: 'pd',
          id: 's1',
          entityRef: 'group:default/b',
          userRef: 'ann',
          start: '2026-03-02T00:00:00Z',
          end: '2026-03-03T00:00:00Z',
          level: 1,
        },
        {
          type: 'page',
          source: 'pd',
          id: 'p1',
          entityRef: 'group:default/a',
          userRef: 'ann',
          notifiedAt: '2026-03-02T06:30:00Z',
          channel: 'phone',
        },
        {
          type: 'toil-report',
          source: 'form',
          id: 't1',
          entityRef: 'group:default/b',
          userRef: 'ann',
          week: '2026-W10',
          hours: 4,
          category: 'manual-release',
        },
      ],
    })
    .expect(200);
  return server;
}

const get = (server: any, path: string) =>
  request(server)
    .get(`/api/devops-insights/v1/${path}`)
    .set('Authorization', mockCredentials.user.header());

describe('group trees with cycles', () => {
  it.each([
    ['a', 2],
    ['c', 1],
  ])(
    'Group tabs of %s count each service of the cycle once',
    async (name, deployments) => {
      const server = await seeded();
      const ref = encodeURIComponent(`group:default/${name}`);
      const dora = await get(server, `dora?entityRef=${ref}&${window}`);
      expect(dora.status).toBe(200);
      expect(dora.body.deploymentFrequency).toMatchObject({ deployments });
      for (const tab of ['toil', 'oncall']) {
        expect(
          (await get(server, `${tab}?entityRef=${ref}&${window}`)).status,
        ).toBe(200);
      }
    },
  );

  it("Group tabs pool each group of a cycle once, with its members' and its own activity", async () => {
    const server = await seeded();
    const ref = encodeURIComponent('group:default/a');
    const [toil, oncall] = await Promise.all(
      ['toil', 'oncall'].map(tab =>
        get(server, `${tab}?entityRef=${ref}&${window}`),
      ),
    );
    const cycle = ['group:default/a', 'group:default/b'];
    expect(toil.body.scope).toEqual({
      entityRefs: ['component:default/svc-a', 'component:default/svc-b'],
      owningGroups: cycle,
      members: 1,
    });
    expect(toil.body.totalHours).toBe(4);
    expect(toil.body.share).toBeGreaterThan(0);
    expect(oncall.body.scope.owningGroups).toEqual(cycle);
    // One page in 24 level-1 hours.
    expect(oncall.body.team.pagesPer12h).toBe(0.5);

    // The rollup row of the group shows what its tabs show.
    const rollup = await get(server, `rollup?${window}`);
    const row = rollup.body.teams.find(
      (t: any) => t.groupRef === 'group:default/a',
    );
    expect(row).toMatchObject({
      toil: { hours: 4, share: toil.body.share },
      pagesPer12h: 0.5,
    });
  });

  it('rolls up every group of a cycle once, with each service once', async () => {
    const server = await seeded();
    const res = await get(server, `rollup?${window}`);
    expect(res.status).toBe(200);
    const rows = Object.fromEntries(
      res.body.teams.map((t: any) => [t.groupRef, t]),
    );
    expect(Object.keys(rows).sort()).toEqual([
      'group:default/a',
      'group:default/b',
      'group:default/c',
    ]);
    expect(rows['group:default/a']).toMatchObject({
      services: 2,
      dora: { deploymentFrequency: { deployments: 2 } },
    });
    expect(rows['group:default/c']).toMatchObject({
      services: 1,
      dora: { deploymentFrequency: { deployments: 1 } },
    });
    const scoped = await get(
      server,
      `rollup?groupRef=${encodeURIComponent('group:default/a')}&${window}`,
    );
    expect(scoped.status).toBe(200);
    expect(scoped.body.teams.map((t: any) => t.groupRef)).toEqual([
      'group:default/b',
    ]);
  });
});
