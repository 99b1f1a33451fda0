import { TestDatabases } from '@backstage/backend-test-utils';
import { CoverageStore } from './CoverageStore';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import { NormalizedEvent } from './EventStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const A = 'component:default/a';
const TEAM = 'group:default/team';
const ms = (iso: string) => Date.parse(iso);

const events: NormalizedEvent[] = [
  ...['2026-01-05T10:00:00Z', '2026-01-07T10:00:00Z'].map(
    (finishedAt, i): NormalizedEvent => ({
      type: 'deployment',
      source: 'github',
      id: `d${i}`,
      entityRef: A,
      environment: 'production',
      production: true,
      status: 'success',
      finishedAt,
    }),
  ),
  {
    type: 'incident',
    source: 'pagerduty',
    id: 'i1',
    entityRef: A,
    urgency: 'high',
    createdAt: '2026-01-06T10:00:00Z',
  },
  {
    type: 'oncall-shift',
    source: 'pagerduty',
    id: 's1',
    entityRef: TEAM,
    userRef: 'user:default/ann',
    level: 1,
    start: '2026-01-01T00:00:00Z',
    end: '2026-01-08T00:00:00Z',
  },
];

describe('CoverageStore', () => {
  it.each(databases.eachSupportedId())(
    'reads the latest event per source and type, and the latest shift end, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = new DatabaseEventStore(
        await migrateDatabase({ getClient: async () => knex }),
      );
      const coverage = new CoverageStore(knex);
      await store.upsert(events);
      const refs = [A, TEAM, 'component:default/none'];
      const first = await coverage.coverageOf(refs, await store.versions(refs));
      expect(
        [...first.get(A)!.lastEvents].sort((x, y) =>
          x.eventType.localeCompare(y.eventType),
        ),
      ).toEqual([
        { source: 'github', eventType: 'deployment', at: ms('2026-01-07T10:00:00Z') },
        { source: 'pagerduty', eventType: 'incident', at: ms('2026-01-06T10:00:00Z') },
      ]);
      expect(first.get(A)!.lastShiftEnd).toBeNull();
      expect(first.get(TEAM)!.lastShiftEnd).toBe(ms('2026-01-08T00:00:00Z'));
      expect(first.get('component:default/none')).toEqual({
        lastEvents: [],
        lastShiftEnd: null,
      });

      // A permanent shift ends never; the new version is read again.
      await store.upsert([
        { ...events[3], id: 's2', end: null } as NormalizedEvent,
      ]);
      const second = await coverage.coverageOf(refs, await store.versions(refs));
      expect(second.get(TEAM)!.lastShiftEnd).toBe(Infinity);
      await knex.destroy();
    },
  );
});
