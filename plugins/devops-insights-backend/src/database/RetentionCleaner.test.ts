import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import { NormalizedEvent } from './EventStore';
import {
  ciRunTable,
  deploymentTable,
  incidentTable,
  pageTable,
  shiftTable,
  toilReportTable,
} from './records';
import { EVENT_AGE, RetentionCleaner } from './RetentionCleaner';
import { SourceStateStore } from './SourceStateStore';

jest.setTimeout(60_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const daysAgo = (n: number) => new Date(NOW - n * DAY).toISOString();

async function setUp(databaseId: 'POSTGRES_15' | 'SQLITE_3') {
  const knex = await migrateDatabase({
    getClient: async () => databases.init(databaseId),
  });
  const cleaner = (eventsDays: number | null) =>
    new RetentionCleaner({
      knex,
      logger: mockServices.logger.mock(),
      retention: {
        webhookDeliveriesMs: 7 * DAY,
        eventsMs: eventsDays === null ? null : eventsDays * DAY,
      },
      now: () => NOW,
    });
  return { knex, store: new DatabaseEventStore(knex), cleaner };
}

const ref = (name: string) => `component:default/${name}`;

/** Of every type, one event past 30 days and one within. */
const events: NormalizedEvent[] = [
  {
    type: 'deployment',
    source: 'ci',
    id: 'old-deploy',
    entityRef: ref('a'),
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: daysAgo(40),
  },
  {
    type: 'deployment',
    source: 'ci',
    id: 'new-deploy',
    entityRef: ref('a'),
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: daysAgo(2),
  },
  // Resolved within the retention: kept although created before it.
  {
    type: 'incident',
    source: 'pd',
    id: 'long-incident',
    entityRef: ref('b'),
    urgency: 'high',
    createdAt: daysAgo(45),
    resolvedAt: daysAgo(10),
  },
  // Points at a deployment of `a`: deleting it changes a's facts.
  {
    type: 'incident',
    source: 'pd',
    id: 'old-incident',
    entityRef: ref('c'),
    urgency: 'high',
    createdAt: daysAgo(39),
    resolvedAt: daysAgo(38),
    causedBy: { source: 'ci', id: 'new-deploy' },
  },
  {
    type: 'page',
    source: 'pd',
    id: 'old-page',
    entityRef: ref('d'),
    userRef: 'user:default/ann',
    notifiedAt: daysAgo(31),
    channel: 'push',
  },
  {
    type: 'page',
    source: 'pd',
    id: 'new-page',
    entityRef: ref('d'),
    userRef: 'user:default/ann',
    notifiedAt: daysAgo(29),
    channel: 'push',
  },
  {
    type: 'oncall-shift',
    source: 'pd',
    id: 'old-shift',
    entityRef: ref('e'),
    userRef: 'user:default/ann',
    start: daysAgo(60),
    end: daysAgo(50),
    level: 1,
  },
  // Permanent: kept whatever its start.
  {
    type: 'oncall-shift',
    source: 'pd',
    id: 'permanent-shift',
    entityRef: ref('e'),
    userRef: 'user:default/bob',
    start: daysAgo(400),
    end: null,
    level: 2,
  },
  {
    type: 'ci-run',
    source: 'ci',
    id: 'old-run',
    entityRef: ref('f'),
    name: 'build',
    attempt: 1,
    trigger: 'automatic',
    status: 'success',
    startedAt: daysAgo(35),
    finishedAt: daysAgo(35),
  },
  {
    type: 'ci-run',
    source: 'ci',
    id: 'running',
    entityRef: ref('f'),
    name: 'build',
    attempt: 2,
    trigger: 'automatic',
    status: 'in_progress',
    startedAt: daysAgo(1),
  },
  // ISO week 2026-W16 ends on 2026-04-20, 42 days before NOW.
  {
    type: 'toil-report',
    source: 'form',
    id: 'old-report',
    entityRef: ref('g'),
    hours: 2,
    category: 'manual',
    week: '2026-W16',
  },
  // 2026-W21 ends on 2026-05-25: within 30 days.
  {
    type: 'toil-report',
    source: 'form',
    id: 'new-report',
    entityRef: ref('g'),
    hours: 2,
    category: 'manual',
    week: '2026-W21',
  },
];

const ids = async (knex: any, table: string) =>
  (await knex(table).select('external_id').orderBy('external_id')).map(
    (r: { external_id: string }) => r.external_id,
  );

describe('RetentionCleaner', () => {
  it('knows when the events of every table happened', () => {
    expect(Object.keys(EVENT_AGE).sort()).toEqual(
      [
        ciRunTable,
        deploymentTable,
        incidentTable,
        pageTable,
        shiftTable,
        toilReportTable,
      ]
        .map(t => t.table)
        .sort(),
    );
  });

  it.each(databases.eachSupportedId())(
    'prunes webhook deliveries past the redelivery horizon, on %p',
    async databaseId => {
      const { knex, cleaner } = await setUp(databaseId as any);
      for (const [id, age] of [
        ['eight-days', 8 * DAY],
        ['six-days', 6 * DAY],
      ] as const) {
        await new SourceStateStore(knex, () => NOW - age).claimDelivery(
          'github',
          id,
        );
      }

      const result = await cleaner(null).run();

      expect(result).toEqual({
        webhookDeliveries: 1,
        events: {},
        changedEntityRefs: [],
      });
      // The kept one is still recognised as a redelivery.
      const state = new SourceStateStore(knex, () => NOW);
      expect(await state.claimDelivery('github', 'six-days')).toBe(false);
      expect(await state.claimDelivery('github', 'eight-days')).toBe(true);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps every event unless events retention is configured, on %p',
    async databaseId => {
      const { knex, store, cleaner } = await setUp(databaseId as any);
      await store.upsert(events);
      const before = await store.versions([ref('a')]);

      expect((await cleaner(null).run()).changedEntityRefs).toEqual([]);

      expect(await ids(knex, 'deployments')).toEqual([
        'new-deploy',
        'old-deploy',
      ]);
      expect(await store.versions([ref('a')])).toEqual(before);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes events older than the retention by their last time and bumps the versions of the entities they were part of, on %p',
    async databaseId => {
      const { knex, store, cleaner } = await setUp(databaseId as any);
      await store.upsert(events);
      const refs = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map(ref);
      const before = await store.versions(refs);

      const result = await cleaner(30).run();

      expect(result.events).toEqual({
        ci_runs: 1,
        deployments: 1,
        incidents: 1,
        oncall_shifts: 1,
        pages: 1,
        toil_reports: 1,
      });
      expect(await ids(knex, 'deployments')).toEqual(['new-deploy']);
      expect(await ids(knex, 'incidents')).toEqual(['long-incident']);
      expect(await ids(knex, 'pages')).toEqual(['new-page']);
      expect(await ids(knex, 'oncall_shifts')).toEqual(['permanent-shift']);
      expect(await ids(knex, 'ci_runs')).toEqual(['running']);
      expect(await ids(knex, 'toil_reports')).toEqual(['new-report']);

      // `a` for its deployment and for the incident that pointed at it; `b`
      // lost nothing.
      const bumped = ['a', 'c', 'd', 'e', 'f', 'g'].map(ref);
      expect(result.changedEntityRefs).toEqual(bumped);
      const after = await store.versions(refs);
      for (const r of refs) {
        const moved = after.get(r)! > before.get(r)!;
        expect([r, moved]).toEqual([r, bumped.includes(r)]);
      }
      expect((await store.loadDora([ref('a')])).incidents).toEqual([]);

      // Nothing left to prune: nothing deleted, no version moves.
      expect((await cleaner(30).run()).changedEntityRefs).toEqual([]);
      expect(await store.versions(refs)).toEqual(after);
    },
  );
});
