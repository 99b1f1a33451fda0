import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import techInsightsPlugin from '@backstage-community/plugin-tech-insights-backend';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
// The test starts the plugins whose API the retriever reads, as the demo does.
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import devopsInsightsPlugin from '@devops-insights/backstage-plugin-backend';
// eslint-disable-next-line @backstage/no-mixed-plugin-imports
import demoModule, {
  DEMO_COMPONENTS,
  demoCatalogEntities,
  demoEntityRef,
} from '@devops-insights/backstage-plugin-backend-module-demo';
import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import request from 'supertest';
import {
  DEVOPS_INSIGHTS_FACTS_VERSION,
  DEVOPS_INSIGHTS_FACT_RETRIEVER_ID,
} from './factSchema';
import { devopsInsightsFactsOf } from './factsOf';
import techInsightsModuleDevopsInsights from './index';
import { factsWindowOf } from './retriever';

// Starts a backend and ingests 180 days of demo data: seconds on a quiet
// machine, more on a busy one.
jest.setTimeout(180_000);

const POSTGRES = process.env.BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING;
// The backend's own database manager, one database per plugin as in
// production; on PostgreSQL under a prefix of this run, dropped afterwards.
type DatabaseConfig = { client: string; connection: string; prefix?: string };
const databases: Array<[TestDatabaseId, DatabaseConfig]> = [
  ['SQLITE_3', { client: 'better-sqlite3', connection: ':memory:' }],
  ...(POSTGRES
    ? [
        [
          'POSTGRES_15',
          {
            client: 'pg',
            connection: POSTGRES,
            prefix: `di_ti_test_${process.pid}_`,
          },
        ] as [TestDatabaseId, DatabaseConfig],
      ]
    : []),
];
const cleanup = TestDatabases.create({ ids: ['POSTGRES_15'] });

type SchemaEntry = {
  type: string;
  metadata?: { alwaysPresent?: boolean };
};

/** Problems of one fact set against a declared schema: types and required keys. */
function violationsOf(
  facts: Record<string, unknown>,
  schema: Record<string, SchemaEntry>,
): string[] {
  const problems: string[] = [];
  for (const [name, value] of Object.entries(facts)) {
    const declared = schema[name];
    if (!declared) {
      problems.push(`${name}: not in the schema`);
      continue;
    }
    const fits =
      (declared.type === 'integer' && Number.isInteger(value)) ||
      (declared.type === 'float' &&
        typeof value === 'number' &&
        Number.isFinite(value)) ||
      (declared.type === 'string' && typeof value === 'string');
    if (!fits) {
      problems.push(`${name}: ${JSON.stringify(value)} is not ${declared.type}`);
    }
  }
  for (const [name, declared] of Object.entries(schema)) {
    if (declared.metadata?.alwaysPresent && !(name in facts)) {
      problems.push(`${name}: missing`);
    }
  }
  return problems;
}

describe.each(databases)('the fact retriever on the demo data (%s)', (id, database) => {
  afterAll(async () => {
    if (id !== 'POSTGRES_15') return;
    const knex = await cleanup.init('POSTGRES_15');
    for (const plugin of ['devops-insights', 'tech-insights']) {
      await knex.raw(
        `DROP DATABASE IF EXISTS "${database.prefix}${plugin}" WITH (FORCE)`,
      );
    }
  });

  it('publishes facts that validate against the declared schema and equal the tabs', async () => {
    // The test backend's scheduler runs a triggered task to its end before
    // triggerTask returns; this module hands over tech-insights' one.
    let scheduler: SchedulerService | undefined;
    const schedulerOfTechInsights = createBackendModule({
      pluginId: 'tech-insights',
      moduleId: 'test-scheduler',
      register(env) {
        env.registerInit({
          deps: { taskScheduler: coreServices.scheduler },
          async init({ taskScheduler }) {
            scheduler = taskScheduler;
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        devopsInsightsPlugin,
        demoModule,
        techInsightsPlugin,
        techInsightsModuleDevopsInsights,
        catalogServiceMock.factory({ entities: demoCatalogEntities() }),
        schedulerOfTechInsights,
        mockServices.rootConfig.factory({
          data: {
            backend: { database },
            devopsInsights: {
              demo: { enabled: true },
              // A goal for every metric, so the demo exercises every goal fact.
              goals: {
                defaults: {
                  deploymentFrequency: '1/week',
                  leadTime: '1d',
                  changeFailureRate: '15%',
                  timeToRestore: '1d',
                  recoveryTime: '1d',
                  reworkRate: '10%',
                  toilShare: '25%',
                  pagesPer12h: 2,
                  offHoursPagesPerWeek: 1,
                },
              },
            },
            techInsights: {
              factRetrievers: {
                [DEVOPS_INSIGHTS_FACT_RETRIEVER_ID]: {
                  cadence: '0 3 * * *',
                  lifecycle: { maxItems: 2 },
                },
              },
            },
          },
        }),
      ],
    });
    const get = async (path: string) => {
      const res = await request(server)
        .get(path)
        .set('Authorization', mockCredentials.user.header());
      expect(res.status).toBe(200);
      return res.body;
    };

    // The demo ingests after start-up; the retriever runs once it is in.
    for (;;) {
      const { sources } = await get('/api/devops-insights/v1/sources');
      const demo = sources.find((s: any) => s.source === 'demo');
      expect(demo?.lastError ?? null).toBeNull();
      if (demo?.lastSuccessAt) break;
      await new Promise(resolve => setTimeout(resolve, 200));
    }
    await scheduler!.triggerTask(DEVOPS_INSIGHTS_FACT_RETRIEVER_ID);

    // The schema as Tech Insights stored it: the row's id, version and
    // entity filter beside the fact definitions.
    const [
      { id: schemaId, version, entityFilter, ...declared },
      ...others
    ] = await get(
      `/api/tech-insights/fact-schemas?ids[]=${DEVOPS_INSIGHTS_FACT_RETRIEVER_ID}`,
    );
    expect(others).toEqual([]);
    expect({ schemaId, version, entityFilter }).toEqual({
      schemaId: DEVOPS_INSIGHTS_FACT_RETRIEVER_ID,
      version: DEVOPS_INSIGHTS_FACTS_VERSION,
      entityFilter: [{ kind: 'component' }],
    });

    const window = factsWindowOf(Date.now());
    const seen = new Set<string>();
    let entitiesMissingSome = 0;
    for (const component of DEMO_COMPONENTS) {
      const entityRef = demoEntityRef('component', component.name);
      const latest = await get(
        `/api/tech-insights/facts/latest?entity=${entityRef}&ids[]=${DEVOPS_INSIGHTS_FACT_RETRIEVER_ID}`,
      );
      const { facts } = latest[DEVOPS_INSIGHTS_FACT_RETRIEVER_ID];
      expect({ entityRef, problems: violationsOf(facts, declared) }).toEqual(
        { entityRef, problems: [] },
      );

      // The same figures as the entity's tabs for the same window, nulls left out.
      const query = new URLSearchParams({ entityRef, ...window });
      const [dora, toil, onCall] = await Promise.all(
        ['dora', 'toil', 'oncall'].map(path =>
          get(`/api/devops-insights/v1/${path}?${query}`),
        ),
      );
      expect(facts).toEqual(devopsInsightsFactsOf({ dora, toil, onCall }));

      Object.keys(facts).forEach(name => seen.add(name));
      if (Object.keys(facts).length < Object.keys(declared).length) {
        entitiesMissingSome++;
      }
    }
    // The demo exercises every fact, and absent ones too.
    expect([...seen].sort()).toEqual(Object.keys(declared).sort());
    expect(entitiesMissingSome).toBeGreaterThan(0);
  });
});
