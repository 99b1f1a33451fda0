import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  SchedulerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import notificationsPlugin from '@backstage/plugin-notifications-backend';
// The demo as it runs: the plugin, this module and the notifications backend.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsPlugin from '@devops-insights/backstage-plugin-backend';
import { GOAL_NUDGES_TASK_ID } from '@devops-insights/backstage-plugin-node';
import request from 'supertest';
import { demoCatalogEntities } from './catalogEntities';
import { devopsInsightsModuleDemo } from './module';

// Starts a backend that ingests the demo's 180 days: seconds on a quiet
// machine, more on a busy one.
jest.setTimeout(180_000);

/** The demo catalog, with the goal annotations catalog/org.yaml gives its groups. */
function demoCatalog(): Entity[] {
  const yaml = fs.readFileSync(
    path.resolve(__dirname, '../catalog/org.yaml'),
    'utf8',
  );
  const annotations = new Map(
    parseAllDocuments(yaml)
      .map(doc => doc.toJS() as Entity)
      .map(e => [`${e.kind}:${e.metadata.name}`, e.metadata.annotations]),
  );
  return demoCatalogEntities().map(e => ({
    ...e,
    metadata: {
      ...e.metadata,
      annotations: {
        ...e.metadata.annotations,
        ...annotations.get(`${e.kind}:${e.metadata.name}`),
      },
    },
  }));
}

type MockScheduler = SchedulerService & {
  factory(options: {
    skipTaskRunOnStartup: boolean;
  }): ServiceFactory<SchedulerService, 'plugin'>;
};

describe('the demo goal evaluation with the real notifications backend', () => {
  it('sends Back Office one notification per slip, however often it runs', async () => {
    const scheduler = mockServices.scheduler() as MockScheduler;
    const { server } = await startTestBackend({
      features: [
        devopsInsightsPlugin,
        devopsInsightsModuleDemo,
        notificationsPlugin,
        catalogServiceMock.factory({ entities: demoCatalog() }),
        scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            devopsInsights: {
              demo: { enabled: true },
              // app-config.yaml's defaults.
              goals: {
                defaults: {
                  leadTime: '1w',
                  changeFailureRate: '15%',
                  timeToRestore: '1d',
                  toilShare: '25%',
                  pagesPer12h: 2,
                },
              },
            },
          },
        }),
      ],
    });
    const notificationsOf = async (user: string) => {
      const res = await request(server)
        .get('/api/notifications/notifications')
        .set('Authorization', mockCredentials.user.header(user));
      expect(res.status).toBe(200);
      return res.body.notifications as Array<{
        id: string;
        payload: { title: string; topic: string; scope: string };
      }>;
    };
    const ivan = 'user:default/ivan.petrov';

    // The module runs the evaluation itself once the demo data is in.
    const deadline = Date.now() + 150_000;
    let first = await notificationsOf(ivan);
    while (!first.length && Date.now() < deadline) {
      await new Promise(resolve => setTimeout(resolve, 500));
      first = await notificationsOf(ivan);
    }
    expect(first.map(n => n.payload.title)).toContainEqual(
      expect.stringMatching(
        /^(Deployment frequency|Lead time for changes) of Back Office missed its goal after meeting it the week before$/,
      ),
    );
    expect(first.every(n => n.payload.topic === 'devops-insights-goals')).toBe(
      true,
    );
    const scopes = first.map(n => n.payload.scope);
    expect(new Set(scopes).size).toBe(scopes.length);

    // The weekly run, a second replica, a restart: nothing new.
    await scheduler.triggerTask(GOAL_NUDGES_TASK_ID);
    await scheduler.triggerTask(GOAL_NUDGES_TASK_ID);
    const after = await notificationsOf(ivan);
    expect(after.map(n => n.id).sort()).toEqual(first.map(n => n.id).sort());
    // Sent to the team's members alone.
    const storefront = await notificationsOf('user:default/amelia.hart');
    expect(
      storefront.filter(n => n.payload.title.includes('Back Office')),
    ).toEqual([]);
  });
});
