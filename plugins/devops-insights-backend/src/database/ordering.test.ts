import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import { NormalizedEvent } from './EventStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const ENTITY = 'component:default/a';
const T = (hhmm: string) => `2026-01-05T${hhmm}:00.000Z`;

const deployment = (
  status: 'in_progress' | 'success' | 'failure',
  updatedAt?: string,
): NormalizedEvent => ({
  type: 'deployment',
  source: 'ci',
  id: 'd1',
  entityRef: ENTITY,
  environment: 'production',
  production: true,
  status,
  startedAt: T('09:00'),
  ...(status === 'in_progress' ? {} : { finishedAt: T('09:30') }),
  ...(updatedAt ? { updatedAt } : {}),
});

const incident = (
  extra: Partial<Extract<NormalizedEvent, { type: 'incident' }>>,
): NormalizedEvent => ({
  type: 'incident',
  source: 'pd',
  id: 'i1',
  entityRef: ENTITY,
  urgency: 'high',
  createdAt: T('10:00'),
  ...extra,
});

type Case = {
  rule: string;
  /** Upserted one batch after the other; the last batch's counts are checked. */
  batches: NormalizedEvent[][];
  counts: { created: number; updated: number; unchanged: number };
  stored: Record<string, unknown>;
};

const cases: Case[] = [
  {
    rule: 'a newer updatedAt replaces the row',
    batches: [
      [deployment('in_progress', T('09:00'))],
      [deployment('failure', T('09:30'))],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { status: 'failure' },
  },
  {
    rule: 'a strictly older updatedAt leaves the row untouched, counted unchanged',
    batches: [
      [deployment('failure', T('09:30'))],
      [deployment('in_progress', T('09:00'))],
    ],
    counts: { created: 0, updated: 0, unchanged: 1 },
    stored: { status: 'failure', finishedAt: Date.parse(T('09:30')) },
  },
  {
    rule: 'an equal updatedAt is not older: the later delivery wins',
    batches: [
      [deployment('failure', T('09:30'))],
      [deployment('success', T('09:30'))],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { status: 'success' },
  },
  {
    rule: 'a row stored without updatedAt is replaced by one with it',
    batches: [[deployment('failure')], [deployment('in_progress', T('09:00'))]],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { status: 'in_progress' },
  },
  {
    rule: 'an event without updatedAt replaces the row as before',
    batches: [[deployment('failure', T('09:30'))], [deployment('in_progress')]],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { status: 'in_progress' },
  },
  {
    rule: 'within one batch, an older version after a newer one is left out',
    batches: [
      [
        deployment('failure', T('09:30')),
        deployment('in_progress', T('09:00')),
      ],
    ],
    counts: { created: 1, updated: 0, unchanged: 0 },
    stored: { status: 'failure' },
  },
  {
    rule: 'within one batch, a newer version after an older one wins',
    batches: [
      [
        deployment('in_progress', T('09:00')),
        deployment('success', T('09:30')),
      ],
    ],
    counts: { created: 1, updated: 0, unchanged: 0 },
    stored: { status: 'success' },
  },
  {
    rule: 'the first acknowledgement stays when a later one arrives',
    batches: [
      [incident({ acknowledgedAt: T('10:05'), updatedAt: T('10:05') })],
      [incident({ acknowledgedAt: T('10:20'), updatedAt: T('10:20') })],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { acknowledgedAt: Date.parse(T('10:05')) },
  },
  {
    rule: 'an acknowledgement is not cleared by an event without one',
    batches: [
      [incident({ acknowledgedAt: T('10:05'), updatedAt: T('10:05') })],
      [incident({ resolvedAt: T('10:30'), updatedAt: T('10:30') })],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: {
      acknowledgedAt: Date.parse(T('10:05')),
      resolvedAt: Date.parse(T('10:30')),
    },
  },
  {
    rule: 'an earlier acknowledgement replaces a later one',
    batches: [
      [incident({ acknowledgedAt: T('10:20') })],
      [incident({ acknowledgedAt: T('10:05') })],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: { acknowledgedAt: Date.parse(T('10:05')) },
  },
  {
    rule: 'the first acknowledgement is kept within one batch',
    batches: [
      [
        incident({ acknowledgedAt: T('10:05'), updatedAt: T('10:05') }),
        incident({ acknowledgedAt: T('10:20'), updatedAt: T('10:20') }),
        incident({ resolvedAt: T('10:30'), updatedAt: T('10:30') }),
      ],
    ],
    counts: { created: 1, updated: 0, unchanged: 0 },
    stored: {
      acknowledgedAt: Date.parse(T('10:05')),
      resolvedAt: Date.parse(T('10:30')),
    },
  },
  {
    rule: 'a late resolved-less event cannot reopen a resolved incident',
    batches: [
      [incident({ resolvedAt: T('10:30'), updatedAt: T('10:30') })],
      [incident({ updatedAt: T('10:25') })],
    ],
    counts: { created: 0, updated: 0, unchanged: 1 },
    stored: { resolvedAt: Date.parse(T('10:30')) },
  },
  {
    rule: 'a first acknowledgement delivered after a newer state still counts',
    batches: [
      [incident({ resolvedAt: T('10:30'), updatedAt: T('10:30') })],
      [incident({ acknowledgedAt: T('10:05'), updatedAt: T('10:05') })],
    ],
    counts: { created: 0, updated: 1, unchanged: 0 },
    stored: {
      acknowledgedAt: Date.parse(T('10:05')),
      resolvedAt: Date.parse(T('10:30')),
    },
  },
  {
    rule: 'a late acknowledgement does not move the first one later',
    batches: [
      [
        incident({
          acknowledgedAt: T('10:05'),
          resolvedAt: T('10:30'),
          updatedAt: T('10:30'),
        }),
      ],
      [incident({ acknowledgedAt: T('10:20'), updatedAt: T('10:20') })],
    ],
    counts: { created: 0, updated: 0, unchanged: 1 },
    stored: {
      acknowledgedAt: Date.parse(T('10:05')),
      resolvedAt: Date.parse(T('10:30')),
    },
  },
  {
    rule: "a first acknowledgement older than the batch's newest state counts",
    batches: [
      [
        incident({ resolvedAt: T('10:30'), updatedAt: T('10:30') }),
        incident({ acknowledgedAt: T('10:05'), updatedAt: T('10:05') }),
      ],
    ],
    counts: { created: 1, updated: 0, unchanged: 0 },
    stored: {
      acknowledgedAt: Date.parse(T('10:05')),
      resolvedAt: Date.parse(T('10:30')),
    },
  },
];

describe('DatabaseEventStore ordering by updatedAt', () => {
  describe.each(databases.eachSupportedId())('on %p', databaseId => {
    it.each(cases)('$rule', async ({ batches, counts, stored }) => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      let last;
      for (const batch of batches) last = await store.upsert(batch);
      expect(last).toMatchObject(counts);
      const { deployments, incidents } = await store.loadDora([ENTITY]);
      expect([...deployments, ...incidents]).toEqual([
        expect.objectContaining(stored),
      ]);
    });
  });

  it.each(databases.eachSupportedId())(
    'an untouched stale row moves no entity version, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      await store.upsert([deployment('failure', T('09:30'))]);
      const before = await store.versions([ENTITY]);
      const late = await store.upsert([deployment('in_progress', T('09:00'))]);
      expect(late.changedEntityRefs).toEqual([]);
      expect(await store.versions([ENTITY])).toEqual(before);
    },
  );
});
