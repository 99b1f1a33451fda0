import { TestDatabases } from '@backstage/backend-test-utils';
import { migrateDatabase } from './DatabaseEventStore';
import { SourceStateStore } from './SourceStateStore';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

describe('SourceStateStore.lastSuccessBySource', () => {
  it.each(databases.eachSupportedId())(
    'gives each source its latest success of any target, and omits sources that never succeeded, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      let now = Date.parse('2026-01-05T10:00:00.000Z');
      const state = new SourceStateStore(
        await migrateDatabase({ getClient: async () => knex }),
        () => now,
      );
      expect(await state.lastSuccessBySource()).toEqual(new Map());

      await state.recordSuccess('github', 'acme/shop', 1);
      now += 60_000;
      await state.recordSuccess('github', 'acme/cart', 1);
      now += 60_000;
      // A later failure of a target does not move its last success.
      await state.recordFailure('github', 'acme/shop', 'Bad credentials');
      await state.recordFailure('gitlab', 'group/app', 'timeout');

      expect(await state.lastSuccessBySource()).toEqual(
        new Map([['github', Date.parse('2026-01-05T10:01:00.000Z')]]),
      );
    },
  );
});
