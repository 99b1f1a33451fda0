import { TestDatabases } from '@backstage/backend-test-utils';
import { DatabaseEventStore } from './DatabaseEventStore';
import { NormalizedEvent } from './EventStore';

jest.setTimeout(60_000);

// Postgres runs where BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING
// points at one (CI sets it); SQLite runs everywhere.
const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const deployment = (
  id: string,
  entityRef: string,
  extra: Partial<Extract<NormalizedEvent, { type: 'deployment' }>> = {},
): NormalizedEvent => ({
  type: 'deployment',
  source: 'ci',
  id,
  entityRef,
  environment: 'production',
  production: true,
  status: 'success',
  finishedAt: '2026-01-05T10:00:00.000Z',
  ...extra,
});

const incident = (
  id: string,
  entityRef: string,
  extra: Partial<Extract<NormalizedEvent, { type: 'incident' }>> = {},
): NormalizedEvent => ({
  type: 'incident',
  source: 'pd',
  id,
  entityRef,
  urgency: 'high',
  createdAt: '2026-01-05T11:00:00.000Z',
  ...extra,
});

describe('DatabaseEventStore', () => {
  it.each(databases.eachSupportedId())(
    'upserts idempotently and loads a scope with the rows pointing into it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const store = await DatabaseEventStore.create({
        database: { getClient: async () => knex },
      });

      const first = await store.upsert([
        deployment('d1', 'component:default/a', {
          changes: [
            {
              id: 'sha1',
              authoredAt: '2026-01-05T08:00:00.000Z',
              mergedAt: '2026-01-05T09:00:00.000Z',
            },
          ],
        }),
        deployment('d2', 'component:default/b', {
          remediates: { deployment: { source: 'ci', id: 'd1' } },
        }),
        incident('i1', 'component:default/c', {
          causedBy: { source: 'ci', id: 'd1' },
          changeRelated: true,
          resolvedAt: '2026-01-05T12:00:00.000Z',
        }),
        incident('i2', 'component:default/a', { urgency: 'low' }),
        incident('i3', 'component:default/z'),
      ]);
      expect(first).toEqual({ created: 5, updated: 0, unchanged: 0 });

      const again = await store.upsert([
        deployment('d1', 'component:default/a', {
          changes: [
            {
              id: 'sha1',
              authoredAt: '2026-01-05T08:00:00.000Z',
              mergedAt: '2026-01-05T09:00:00.000Z',
            },
          ],
        }),
        incident('i2', 'component:default/a', { urgency: 'high' }),
        // Sent twice in one batch: the last version wins, counted once.
        incident('i4', 'component:default/a', { title: 'first' }),
        incident('i4', 'component:default/a', { title: 'second' }),
      ]);
      expect(again).toEqual({ created: 1, updated: 1, unchanged: 1 });

      const scope = await store.loadScope(['component:default/a']);
      const byId = <T extends { id: string }>(rows: T[]) =>
        rows.map(r => r.id).sort();
      expect(byId(scope.deployments)).toEqual(['d1', 'd2']);
      expect(byId(scope.incidents)).toEqual(['i1', 'i2', 'i4']);

      const d1 = scope.deployments.find(d => d.id === 'd1')!;
      expect(d1).toMatchObject({
        entityRef: 'component:default/a',
        production: true,
        finishedAt: Date.parse('2026-01-05T10:00:00Z'),
        startedAt: null,
        changes: [
          {
            id: 'sha1',
            authoredAt: Date.parse('2026-01-05T08:00:00Z'),
            pullRequestOpenedAt: null,
            mergedAt: Date.parse('2026-01-05T09:00:00Z'),
          },
        ],
      });
      expect(scope.deployments.find(d => d.id === 'd2')!.remediatesDeployment).toEqual(
        { source: 'ci', id: 'd1' },
      );
      expect(scope.incidents.find(i => i.id === 'i1')).toMatchObject({
        causedBy: { source: 'ci', id: 'd1' },
        changeRelated: true,
        resolvedAt: Date.parse('2026-01-05T12:00:00Z'),
      });
      expect(scope.incidents.find(i => i.id === 'i2')!.urgency).toBe('high');
      expect(scope.incidents.find(i => i.id === 'i4')!.title).toBe('second');

      await knex.destroy();
    },
  );
});
