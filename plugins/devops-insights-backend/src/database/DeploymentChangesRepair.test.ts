import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import {
  resolvePackagePath,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { DEFAULT_DORA_CONFIG } from '@devops-insights/backstage-plugin-common';
import { createHash } from 'crypto';
import { Knex } from 'knex';
import { deploymentList } from '../service/deploymentList';
import { DatabaseEventStore, migrateDatabase } from './DatabaseEventStore';
import {
  DEPLOYMENT_CHANGES_MIGRATION,
  DeploymentChangesRepair,
} from './DeploymentChangesRepair';
import { NormalizedEvent } from './EventStore';
import { DEPLOYMENT_CHANGES } from './deploymentChanges';
import { ListStore } from './ListStore';
import { deploymentTable } from './records';

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
      authoredAt: iso(NOW - 3 * DAY),
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

const rowsOf = (...deployments: Deployment[]) =>
  deployments
    .flatMap(d =>
      d.changes!.map(
        c =>
          `${d.source}/${d.id} ${c.id} ${d.entityRef} ${
            d.finishedAt ? Date.parse(d.finishedAt) : null
          }`,
      ),
    )
    .sort();

const directory = resolvePackagePath(
  '@devops-insights/backstage-plugin-backend',
  'migrations',
);

/** A database of the previous release, then upgraded (another batch). */
async function upgraded(databaseId: any, before: Deployment[] = []) {
  const knex = await databases.init(databaseId);
  for (;;) {
    const [, pending] = await knex.migrate.list({ directory });
    if (pending[0].file === DEPLOYMENT_CHANGES_MIGRATION) break;
    await knex.migrate.up({ directory });
  }
  await oldReplicaStores(knex, before);
  await knex.migrate.latest({ directory });
  return knex;
}

/**
 * What a replica of the previous release does: writes the deployment's row
 * (a new one or a new version) and nothing of deployment_changes.
 */
async function oldReplicaStores(knex: Knex, deployments: Deployment[]) {
  for (const d of deployments) {
    const record = {
      ...deploymentTable.toRecord(d),
      content_hash: createHash('sha256')
        .update(`old replica ${JSON.stringify(d)}`)
        .digest('hex'),
      received_at: Date.now(),
    };
    await knex('deployments')
      .insert(record)
      .onConflict(['source', 'external_id'])
      .merge();
  }
}

const repairOf = (knex: Knex, now?: () => number) =>
  new DeploymentChangesRepair({
    knex,
    logger: mockServices.logger.mock(),
    now,
  });

describe('DeploymentChangesRepair', () => {
  it.each(databases.eachSupportedId())(
    'writes the change rows an old replica left out or stale after the migration, and only those, on %p',
    async databaseId => {
      const backfilled = deployment('backfilled', ['c0']);
      const knex = await upgraded(databaseId, [backfilled]);
      const store = new DatabaseEventStore(knex);
      const current = deployment('current', ['c5']);
      const moved = deployment('moved', ['c7']);
      await store.upsert([current, moved]);

      const lost = deployment('lost', ['c1', 'c2']);
      const none = deployment('none', []);
      // An old replica's new version: other changes, entity and finish.
      const movedAgain = deployment('moved', ['c8'], {
        entityRef: ref('b'),
        finishedAt: iso(NOW),
      });
      await oldReplicaStores(knex, [lost, none, movedAgain]);
      expect(await changeRows(knex)).toEqual(
        rowsOf(backfilled, current, moved),
      );

      const repair = repairOf(knex);
      expect(await repair.run()).toBe(2);
      const expected = rowsOf(backfilled, current, lost, movedAgain);
      expect(await changeRows(knex)).toEqual(expected);

      // Nothing left to do.
      expect(await repair.run()).toBe(0);
      expect(await changeRows(knex)).toEqual(expected);
    },
  );

  it.each(databases.eachSupportedId())(
    'does nothing a day after the migration, nor on a database the migration created, on %p',
    async databaseId => {
      const lost = deployment('lost', ['c1']);
      const scheduler = () => {
        const scheduleTask = jest.fn();
        return {
          scheduler: { scheduleTask } as unknown as SchedulerService,
          scheduleTask,
        };
      };

      const knex = await upgraded(databaseId);
      await oldReplicaStores(knex, [lost]);
      const late = repairOf(knex, () => Date.now() + 25 * 3600_000);
      expect(await late.run()).toBe(0);
      expect(await changeRows(knex)).toEqual([]);
      const lateTask = scheduler();
      await late.schedule(lateTask.scheduler);
      expect(lateTask.scheduleTask).not.toHaveBeenCalled();

      // Within the day, the same database is repaired, by a global task.
      const inTime = repairOf(knex, () => Date.now() + 23 * 3600_000);
      const task = scheduler();
      await inTime.schedule(task.scheduler);
      expect(task.scheduleTask).toHaveBeenCalledWith(
        expect.objectContaining({ scope: 'global' }),
      );
      expect(await inTime.run()).toBe(1);
      expect(await changeRows(knex)).toEqual(rowsOf(lost));

      // Created by this release: no previous release ever wrote it.
      const created = await migrateDatabase({
        getClient: async () => databases.init(databaseId),
      });
      await oldReplicaStores(created, [lost]);
      expect(await repairOf(created).run()).toBe(0);
      expect(await changeRows(created)).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'gives the lists the first deployment of a change back, on %p',
    async databaseId => {
      const knex = await upgraded(databaseId);
      const first = deployment('first', ['c1'], { finishedAt: iso(NOW - DAY) });
      const again = deployment('again', ['c1'], { finishedAt: iso(NOW) });
      await oldReplicaStores(knex, [first]);
      await new DatabaseEventStore(knex).upsert([again]);
      const leadTimes = async () =>
        Object.fromEntries(
          (
            await deploymentList(
              new ListStore(knex),
              [ref('a')],
              // The first is before the window: only its change rows tell.
              { from: NOW - DAY / 2, to: NOW + DAY },
              { limit: 10, offset: 0 },
              DEFAULT_DORA_CONFIG,
            )
          ).items.map(d => [d.id, d.leadTimeMedianSeconds]),
        );
      // Without its rows, the later deployment claims the change as well.
      expect(await leadTimes()).toEqual({ again: (3 * DAY) / 1000 });
      expect(await repairOf(knex).run()).toBe(1);
      expect(await leadTimes()).toEqual({ again: null });
    },
  );

  it.each(databases.eachSupportedId())(
    'leaves the rows of the newest version when ingestion updates the deployments it repairs, on %p',
    async databaseId => {
      const knex = await upgraded(databaseId);
      const store = new DatabaseEventStore(knex);
      for (let round = 0; round < 3; round++) {
        const ids = Array.from({ length: 60 }, (_, n) => `r${round}-${n}`);
        await oldReplicaStores(
          knex,
          ids.map(id => deployment(id, [`${id}-old`])),
        );
        const newest = ids.map(id =>
          deployment(id, [`${id}-new`, `${id}-more`], {
            entityRef: ref('b'),
            finishedAt: iso(NOW),
          }),
        );
        await Promise.all([repairOf(knex).run(), store.upsert(newest)]);
        const rows = await changeRows(knex);
        expect(rows.filter(r => r.startsWith(`ci/r${round}-`))).toEqual(
          rowsOf(...newest),
        );
        expect(await repairOf(knex).run()).toBe(0);
      }
    },
  );
});
