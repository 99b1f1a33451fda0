import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import { NormalizedEvent } from './EventStore';
import { DEPLOYMENT_CHANGES } from './deploymentChanges';
import { deploymentTable } from './records';
import { RetentionCleaner } from './RetentionCleaner';

jest.setTimeout(120_000);

const databases = TestDatabases.create({
  ids: ['POSTGRES_15', 'SQLITE_3'],
  disableDocker: true,
});

const DAY = 24 * 3600 * 1000;
const NOW = Date.parse('2026-06-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();
const ref = (name: string) => `component:default/${name}`;

type Deployment = Extract<NormalizedEvent, { type: 'deployment' }>;

function deployment(
  id: string,
  changeIds: string[],
  extra: Partial<Deployment> = {},
): Deployment {
  return {
    type: 'deployment',
    source: 'ci',
    id,
    entityRef: ref('a'),
    environment: 'production',
    production: true,
    status: 'success',
    finishedAt: iso(NOW - DAY),
    changes: changeIds.map(changeId => ({
      id: changeId,
      authoredAt: iso(NOW - 2 * DAY),
    })),
    ...extra,
  } as Deployment;
}

/** The stored change rows, as comparable strings, sorted. */
async function changeRows(knex: Knex): Promise<string[]> {
  const rows = await knex(DEPLOYMENT_CHANGES).select();
  return rows
    .map(
      r =>
        `${r.source}/${r.external_id} ${r.change_id} ${r.entity_ref} ${
          r.finished_at === null ? null : Number(r.finished_at)
        }`,
    )
    .sort();
}

const row = (d: Deployment, changeId: string) =>
  `${d.source}/${d.id} ${changeId} ${d.entityRef} ${
    d.finishedAt ? Date.parse(d.finishedAt) : null
  }`;

describe('deployment_changes', () => {
  it.each(databases.eachSupportedId())(
    'stores a deployment whose change rows a previous release left behind, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      const store = new DatabaseEventStore(knex);
      // A previous release's retention deleted the deployment, not its rows.
      await knex(DEPLOYMENT_CHANGES).insert({
        source: 'ci',
        external_id: 'd1',
        change_id: 'c1',
        entity_ref: ref('old'),
        finished_at: NOW - 400 * DAY,
      });
      const one = deployment('d1', ['c1', 'c2']);
      await store.upsert([one]);
      expect(await changeRows(knex)).toEqual(
        [row(one, 'c1'), row(one, 'c2')].sort(),
      );
    },
  );

  it.each(databases.eachSupportedId())(
    'holds the changes of each stored deployment, as its latest version names them, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      const store = new DatabaseEventStore(knex);
      const one = deployment('d1', ['c1', 'c2']);
      const unfinished = deployment('d2', ['c2'], {
        finishedAt: undefined,
        status: 'in_progress',
      } as Partial<Deployment>);
      const none = deployment('d3', []);
      await store.upsert([one, unfinished, none]);
      expect(await changeRows(knex)).toEqual(
        [row(one, 'c1'), row(one, 'c2'), row(unfinished, 'c2')].sort(),
      );

      // Re-sent as it is: nothing moves.
      expect((await store.upsert([one])).unchanged).toBe(1);
      expect(await changeRows(knex)).toHaveLength(3);

      // Updated: other changes, another entity, finished later; the
      // unfinished one finishes.
      const moved = deployment('d1', ['c3'], {
        entityRef: ref('b'),
        finishedAt: iso(NOW),
      });
      const finished = deployment('d2', ['c2', 'c4']);
      await store.upsert([moved, finished]);
      expect(await changeRows(knex)).toEqual(
        [row(moved, 'c3'), row(finished, 'c2'), row(finished, 'c4')].sort(),
      );

      // Within one batch the latest version wins, its changes with it.
      const last = deployment('d3', ['c9']);
      await store.upsert([deployment('d3', ['c8']), last]);
      expect(await changeRows(knex)).toContain(row(last, 'c9'));
      expect((await changeRows(knex)).join('\n')).not.toContain(' c8 ');
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the changes of the newer version when an older one arrives late, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      const store = new DatabaseEventStore(knex);
      const newer = deployment('d1', ['c1', 'c2'], {
        updatedAt: iso(NOW - 1000),
      });
      const older = deployment('d1', ['c0'], {
        updatedAt: iso(NOW - 2000),
        entityRef: ref('b'),
      });
      await store.upsert([newer]);
      await store.upsert([older]);
      expect(await changeRows(knex)).toEqual([
        row(newer, 'c1'),
        row(newer, 'c2'),
      ]);
      // Both in one batch, the older one last: the newer still wins.
      await store.upsert([
        deployment('d2', ['c5'], { updatedAt: iso(NOW - 1000) }),
        deployment('d2', ['c6'], { updatedAt: iso(NOW - 2000) }),
      ]);
      const stored = await changeRows(knex);
      expect(stored.some(r => r.startsWith('ci/d2 c5 '))).toBe(true);
      expect(stored.some(r => r.startsWith('ci/d2 c6 '))).toBe(false);
    },
  );

  it.each(databases.eachSupportedId())(
    'loses the changes of deployments retention deletes, and only theirs, on %p',
    async databaseId => {
      const knex = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      const store = new DatabaseEventStore(knex);
      const old = deployment('old', ['c1', 'c2'], {
        finishedAt: iso(NOW - 40 * DAY),
      });
      const kept = deployment('new', ['c2', 'c3']);
      await store.upsert([old, kept]);
      const cleaner = new RetentionCleaner({
        knex,
        logger: mockServices.logger.mock(),
        retention: { webhookDeliveriesMs: 7 * DAY, eventsMs: 30 * DAY },
        now: () => NOW,
      });
      expect((await cleaner.run()).events.deployments).toBe(1);
      expect(await changeRows(knex)).toEqual([
        row(kept, 'c2'),
        row(kept, 'c3'),
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'are filled by the migration from the deployments stored before it, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      const directory = resolvePackagePath(
        '@devops-insights/backstage-plugin-backend',
        'migrations',
      );
      const MIGRATION = '20261202000000_deployment_changes.js';
      // Every migration before this one.
      for (;;) {
        const [, pending] = await knex.migrate.list({ directory });
        if (pending[0].file === MIGRATION) break;
        await knex.migrate.up({ directory });
      }
      // More than one batch of the migration (1 000), sources whose order
      // differs by collation, deployments without changes or unfinished.
      const deployments: Deployment[] = [];
      for (let n = 0; n < 2500; n++) {
        const changes = Array.from({ length: n % 4 }, (_, c) => `c${n}-${c}`);
        deployments.push(
          deployment(`d${n}`, changes, {
            source: ['ci', 'CI', 'éci'][n % 3],
            entityRef: ref(`e${n % 7}`),
            ...(n % 5 === 0 && { finishedAt: undefined }),
          }),
        );
      }
      const records = deployments.map(d => ({
        ...deploymentTable.toRecord(d),
        content_hash: 'h',
        received_at: NOW,
      }));
      for (let i = 0; i < records.length; i += 40) {
        await knex('deployments').insert(records.slice(i, i + 40));
      }
      await knex.migrate.up({ directory });

      const expected = deployments
        .flatMap(d => d.changes!.map(c => row(d, c.id)))
        .sort();
      expect(expected.length).toBeGreaterThan(3000);
      expect(await changeRows(knex)).toEqual(expected);
    },
  );
});
