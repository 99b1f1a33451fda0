import {
  mockCredentials,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// A test starting the plugin with this module's data, as the GitHub module's e2e test does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsPlugin from '@devops-insights/backstage-plugin-backend';
import request from 'supertest';
import { generateDemoEvents } from './generate';
import { DEMO_BATCH_SIZE } from './module';
import { demoCatalogEntities } from './catalogEntities';
import { DEMO_GROUPS, demoEntityRef } from './org';

const group = (name: string) => demoEntityRef('group', name);
const demoCatalog = demoCatalogEntities();

const anchor = Date.UTC(2026, 0, 1);
const window = `from=${new Date(
  anchor - 90 * 86400_000,
).toISOString()}&to=${new Date(anchor).toISOString()}`;

// Starts a backend and ingests a year of demo data: seconds on a quiet
// machine, more on a busy one.
jest.setTimeout(120_000);

describe('demo data: each rollup row equals its Group tabs', () => {
  it('shows the same DORA figures, toil share and pages per 12 h', async () => {
    const { server } = await startTestBackend({
      features: [
        devopsInsightsPlugin,
        catalogServiceMock.factory({ entities: demoCatalog }),
      ],
    });
    const events = generateDemoEvents({ anchor });
    for (let i = 0; i < events.length; i += DEMO_BATCH_SIZE) {
      await request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', mockCredentials.service.header())
        .send({ events: events.slice(i, i + DEMO_BATCH_SIZE) })
        .expect(200);
    }
    const get = async (path: string) => {
      const res = await request(server)
        .get(`/api/devops-insights/v1/${path}`)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body;
    };

    const rollup = await get(`rollup?${window}`);
    const teams = DEMO_GROUPS.map(g => group(g.name)).sort();
    expect(rollup.teams.map((t: any) => t.groupRef).sort()).toEqual(teams);
    // The comparison covers real figures, parents with sub-teams among them.
    expect(rollup.teams.some((t: any) => t.subTeams > 0)).toBe(true);
    expect(rollup.teams.some((t: any) => t.toil.share !== null)).toBe(true);
    expect(rollup.teams.some((t: any) => t.pagesPer12h !== null)).toBe(true);
    expect(
      rollup.teams.some((t: any) => t.dora.deploymentFrequency.deployments > 0),
    ).toBe(true);
    for (const row of rollup.teams) {
      const ref = `entityRef=${encodeURIComponent(row.groupRef)}&${window}`;
      const [dora, toil, oncall] = await Promise.all([
        get(`dora?${ref}`),
        get(`toil?${ref}`),
        get(`oncall?${ref}`),
      ]);
      // The row's pooled figures (the group and its sub-groups), not `own`.
      expect({
        team: row.groupRef,
        dora: row.dora,
        toilShare: row.toil.share,
        pagesPer12h: row.pagesPer12h,
      }).toEqual({
        team: row.groupRef,
        // Every DORA figure the row carries, as the DORA tab shows it.
        dora: Object.fromEntries(
          Object.keys(row.dora).map(key => [key, dora[key]]),
        ),
        toilShare: toil.share,
        pagesPer12h: oncall.team.pagesPer12h,
      });
    }
  });
});
