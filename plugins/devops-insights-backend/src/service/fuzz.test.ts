import {
  mockCredentials,
  mockServices,
  TestDatabaseId,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { createBackendModule } from '@backstage/backend-plugin-api';
import { devopsInsightsEventSchema } from '@devops-insights/backstage-plugin-common';
import {
  devopsInsightsSourcesExtensionPoint,
  ingestWebhookDelivery,
  webhookHeader,
} from '@devops-insights/backstage-plugin-node';
import fc from 'fast-check';
import { Knex } from 'knex';
import request from 'supertest';
import { startPluginBackend } from '../__testUtils__/backend';
import { eventTables, fullEvents } from '../__testUtils__/fullEvents';
import {
  fieldOf,
  schemaFields,
  withField,
} from '../__testUtils__/schemaFields';

/**
 * Property-based fuzzing of everything a client can send: event batches,
 * toil reports, read queries and webhook deliveries, on SQLite and (when
 * BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is set) PostgreSQL.
 * Never a 5xx; a refused request stores nothing; an accepted batch is stored.
 * Case counts are bounded so the file stays well under 30 s per database;
 * a failure prints the seed and the shrunk counterexample to replay.
 */
jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const service = mockCredentials.service.header();
const user = mockCredentials.user.header();
const RUNS = { events: 40, toilReports: 15, reads: 30, webhooks: 20 };

const tableOf: Record<string, string> = {
  deployment: 'deployments',
  incident: 'incidents',
  page: 'pages',
  'oncall-shift': 'oncall_shifts',
  'ci-run': 'ci_runs',
  'toil-report': 'toil_reports',
};

const fieldsOf = Object.fromEntries(
  devopsInsightsEventSchema.options.map(option => {
    const type = option.shape.type.value as string;
    return [type, schemaFields(option, fullEvents[type]).fields];
  }),
);

/** Strings that broke or nearly broke the API before, and arbitrary ones. */
const hostileString = fc.oneof(
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.date({ noInvalidDate: true }).map(date => date.toISOString()),
  },
  // Known troublemakers weigh most: one must survive every other check.
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '\ud800',
      'x\udfff',
      '🔥',
      'x'.repeat(401),
      'İ'.repeat(300),
      '9999-12-31T23:00:00-02:00',
      '0000-01-01T00:00:00+01:00',
      '-271821-04-20T00:00:00Z',
      '+275760-09-13T00:00:00Z',
      '2026-01-05T10:00:00Z',
      '2026-W53',
      '2026-W02',
      'component:default/checkout',
      'group:default/payments',
      'user:default/ann',
      'kind:ns/',
      'Europe/Berlin',
    ),
  },
);

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  fc.integer(),
  fc.double(),
  fc.constantFrom(2 ** 31, 2 ** 53, -1, 0, 168.5, 1e308, null, true, false),
  fc.constantFrom({}, []),
);

const mutation = fc.record({
  // Unbiased: fast-check favours small numbers, i.e. the first fields.
  field: fc.noBias(fc.nat({ max: 1000 })),
  change: fc.oneof(
    { weight: 2, arbitrary: fc.constant('set') },
    // Keeps the value valid otherwise, so that only the database could object.
    { weight: 3, arbitrary: fc.constantFrom('taint', 'stretch') },
    { weight: 1, arbitrary: fc.constantFrom('delete', 'unknown key') },
  ),
  value: hostileValue,
  taint: fc.constantFrom('\u0000', '\ud800', '\udfff', '🔥', 'İ'),
});

/**
 * An event of every kind: a quarter as valid as can be, the rest with one or
 * two fields changed (mostly one, so that it has to pass every other check).
 */
const hostileEvent = fc
  .record({
    type: fc.constantFrom(...Object.keys(fullEvents)),
    id: fc.uuid(),
    mutations: fc.oneof(
      { weight: 1, arbitrary: fc.constant([]) },
      {
        weight: 3,
        arbitrary: fc.array(mutation, { minLength: 1, maxLength: 2 }),
      },
    ),
  })
  .map(({ type, id, mutations }) => {
    let event: Record<string, unknown> = { ...fullEvents[type], id };
    for (const { field, change, value, taint } of mutations) {
      const { keys, schema } = fieldsOf[type][field % fieldsOf[type].length];
      const current = fieldOf(event, keys);
      const maxLength = (schema as { maxLength?: number | null }).maxLength;
      if (change === 'taint' && typeof current === 'string') {
        event = withField(event, keys, `${current}${taint}`);
      } else if (change === 'stretch' && maxLength) {
        event = withField(event, keys, taint.repeat(maxLength / taint.length));
      } else if (change === 'set') event = withField(event, keys, value);
      else if (change === 'delete') event = withField(event, keys, undefined);
      else event = { ...event, [`x${field}`]: value };
    }
    return event;
  });

const hostileBatch = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .array(hostileEvent, { minLength: 1, maxLength: 3 })
      .map(events => ({ events })),
  },
  { weight: 1, arbitrary: fc.anything() },
);

/** A valid event under an id no other case uses. */
const withFreshId = (event: Record<string, unknown>, index: number) => ({
  ...event,
  id: `fuzz-example-${index}`,
});

/** Every stored row and entity version, to tell that nothing changed. */
async function snapshot(knex: Knex) {
  const tables: Record<string, unknown[]> = {};
  for (const table of eventTables) {
    tables[table] = await knex(table)
      .select('source', 'external_id', 'content_hash')
      .orderBy(['source', 'external_id']);
  }
  tables.entity_versions = await knex('entity_versions')
    .select()
    .orderBy('entity_ref');
  return tables;
}

async function storedRow(knex: Knex, event: any) {
  return knex(tableOf[event.type])
    .where({ source: event.source, external_id: event.id })
    .first();
}

/** A source whose webhook ingests `{ events }` payloads, as real ones do. */
const fuzzSource = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'fuzz-source',
  register(reg) {
    reg.registerInit({
      deps: { sources: devopsInsightsSourcesExtensionPoint },
      async init({ sources }) {
        sources.addSource({
          id: 'fuzz',
          async sync() {},
          webhook: {
            handle: (req, context) =>
              ingestWebhookDelivery(req, context, {
                deliveryId: webhookHeader(req, 'x-delivery') ?? '',
                describe: 'fuzz webhook',
                eventsOf: async payload =>
                  Array.isArray(payload?.events)
                    ? payload.events
                    : { ignored: 'no events' },
              }),
          },
        });
      },
    });
  },
});

async function start(databaseId: TestDatabaseId) {
  const knex = await databases.init(databaseId);
  const server = await startPluginBackend({
    features: [mockServices.database.factory({ knex }), fuzzSource],
  });
  return { knex, server };
}

/** What a 5xx answered, to show in a counterexample; undefined otherwise. */
const serverError = (res: request.Response, sent: unknown) =>
  res.status >= 500 ? { sent, status: res.status, body: res.body } : undefined;

/** What changed although the request was refused; undefined otherwise. */
async function changedByRefusal(
  knex: Knex,
  res: request.Response,
  before: unknown,
) {
  if (res.status < 400) return undefined;
  const after = await snapshot(knex);
  return JSON.stringify(after) === JSON.stringify(before) ? undefined : after;
}

describe('fuzz', () => {
  it.each(databases.eachSupportedId())(
    'POST /v1/events: never 5xx, a refused batch stores nothing, an accepted one is stored, on %p',
    async databaseId => {
      const { knex, server } = await start(databaseId);
      const outcomes = new Set<number>();
      await fc.assert(
        fc.asyncProperty(hostileBatch, async body => {
          const before = await snapshot(knex);
          const res = await request(server)
            .post('/api/devops-insights/v1/events')
            .set('Authorization', service)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          outcomes.add(res.status);
          const events: any[] =
            res.status === 200 ? (body as { events: any[] }).events : [];
          const missing = [];
          for (const event of events) {
            if (!(await storedRow(knex, event))) missing.push(event);
          }
          expect({
            serverError: serverError(res, body),
            changedByRefusal: await changedByRefusal(knex, res, before),
            acceptedButMissing: missing,
          }).toEqual({
            serverError: undefined,
            changedByRefusal: undefined,
            acceptedButMissing: [],
          });
        }),
        {
          numRuns: RUNS.events,
          // One valid batch and one junk body always run first: with random
          // cases alone, about one run in seventy drew no valid batch at all.
          examples: [
            [{ events: Object.values(fullEvents).map(withFreshId) }],
            [{ events: 'not a list' }],
          ],
        },
      );
      // Both paths were exercised: the generator is neither all valid nor all junk.
      expect([...outcomes].sort()).toEqual([200, 400]);
    },
  );

  it.each(databases.eachSupportedId())(
    'POST /v1/toil-reports: never 5xx, a refused report stores nothing, on %p',
    async databaseId => {
      const { knex, server } = await start(databaseId);
      const report = fc
        .record({
          base: fc.constantFrom(
            {
              entityRef: 'checkout',
              week: '2026-W02',
              hours: 4,
              category: 'deploys',
            },
            {},
          ),
          field: fc.constantFrom(
            'entityRef',
            'week',
            'hours',
            'category',
            'description',
            'extra',
          ),
          value: hostileValue,
        })
        .map(({ base, field, value }) => ({ ...base, [field]: value }));
      await fc.assert(
        fc.asyncProperty(report, async body => {
          const before = await snapshot(knex);
          const res = await request(server)
            .post('/api/devops-insights/v1/toil-reports')
            .set('Authorization', user)
            .set('Content-Type', 'application/json')
            .send(JSON.stringify(body));
          expect(serverError(res, body)).toBeUndefined();
          expect(await changedByRefusal(knex, res, before)).toBeUndefined();
        }),
        { numRuns: RUNS.toilReports },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'GET the read endpoints: never 5xx for any query, on %p',
    async databaseId => {
      const { server } = await start(databaseId);
      await request(server)
        .post('/api/devops-insights/v1/events')
        .set('Authorization', service)
        .send({ events: Object.values(fullEvents) })
        .expect(200);
      const query = fc.record(
        {
          entityRef: hostileString,
          groupRef: hostileString,
          from: hostileString,
          to: hostileString,
          limit: hostileString,
          offset: hostileString,
          urgency: hostileString,
          status: hostileString,
          tab: fc.oneof(
            fc.constantFrom('dora', 'toil', 'oncall'),
            hostileString,
          ),
        },
        { requiredKeys: [] },
      );
      const path = fc.constantFrom(
        'dora',
        'deployments',
        'incidents',
        'toil',
        'oncall',
        'rollup',
        'sources',
        'breakdown',
        'coverage',
        'coverage/teams',
      );
      await fc.assert(
        fc.asyncProperty(path, query, async (endpoint, params) => {
          const res = await request(server)
            .get(
              `/api/devops-insights/v1/${endpoint}?${new URLSearchParams(
                params,
              )}`,
            )
            .set('Authorization', user);
          expect(serverError(res, { endpoint, params })).toBeUndefined();
        }),
        { numRuns: RUNS.reads },
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'POST /v1/webhooks/:sourceId: never 5xx, a refused delivery stores nothing, on %p',
    async databaseId => {
      const { knex, server } = await start(databaseId);
      const delivery = fc.record({
        // A URL path cannot carry unpaired surrogates (encodeURIComponent throws).
        sourceId: fc.oneof(
          fc.constant('fuzz'),
          hostileString.map(id => id.replace(/\p{Cs}/gu, '\ufffd')),
        ),
        // What an HTTP header can carry.
        deliveryId: fc.stringMatching(/^[\x21-\x7e]{0,300}$/),
        body: fc.oneof(
          hostileBatch.map(b => JSON.stringify(b)),
          fc.string({ unit: 'binary', maxLength: 100 }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(delivery, async ({ sourceId, deliveryId, body }) => {
          const before = await snapshot(knex);
          const res = await request(server)
            .post(
              `/api/devops-insights/v1/webhooks/${encodeURIComponent(
                sourceId,
              )}`,
            )
            .set('Content-Type', 'application/json')
            .set('X-Delivery', deliveryId)
            .send(body);
          expect(
            serverError(res, { sourceId, deliveryId, body }),
          ).toBeUndefined();
          expect(await changedByRefusal(knex, res, before)).toBeUndefined();
        }),
        { numRuns: RUNS.webhooks },
      );
    },
  );
});
