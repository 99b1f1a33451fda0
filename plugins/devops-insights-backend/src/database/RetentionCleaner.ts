import { LoggerService, SchedulerService } from '@backstage/backend-plugin-api';
import { appendTo } from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import { RetentionSettings } from '../config';
import { POINTERS } from './DatabaseEventStore';
import { deleteDeploymentChanges } from './deploymentChanges';
import { bumpVersions, deploymentEntities } from './entityVersions';
import { isPostgres } from './postgresWrites';
import { retryTransaction } from './retryTransaction';
import { compareCodePoints } from './writeOrder';

/**
 * When an event happened, per table, as an SQL expression over its columns:
 * its last time, so nothing still open or ongoing is pruned before it ends.
 */
export const EVENT_AGE: Record<string, string> = {
  ci_runs: 'COALESCE("finished_at", "started_at")',
  deployments: 'COALESCE("finished_at", "started_at", "received_at")',
  incidents: 'COALESCE("resolved_at", "created_at")',
  // A shift without an end is permanent: kept.
  oncall_shifts: '"end_at"',
  pages: '"notified_at"',
  // The end of the ISO week reported.
  toil_reports: '("week_start" + 604800000)',
};

/** Rows deleted per transaction: short transactions, bounded memory. */
const DELETE_CHUNK = 1000;

export type RetentionResult = {
  webhookDeliveries: number;
  /** Rows deleted, by table. */
  events: Record<string, number>;
  changedEntityRefs: string[];
};

/**
 * Deletes what is kept no longer: webhook delivery ids past the vendors'
 * redelivery horizon, and, when configured, events older than the retention.
 * Deleting events bumps the versions of the entities whose facts they were
 * part of (their own, and that of the deployment they point at), so every
 * replica's cached facts stay exact.
 */
export class RetentionCleaner {
  constructor(
    private readonly deps: {
      knex: Knex;
      logger: LoggerService;
      retention: RetentionSettings;
      now?: () => number;
    },
  ) {}

  /** Once an hour on one replica at a time (scope global). */
  async schedule(scheduler: SchedulerService): Promise<void> {
    await scheduler.scheduleTask({
      id: 'devops-insights-retention',
      scope: 'global',
      frequency: { hours: 1 },
      timeout: { minutes: 30 },
      initialDelay: { minutes: 1 },
      fn: async () => {
        const result = await this.run();
        const events = Object.values(result.events).reduce((a, b) => a + b, 0);
        if (result.webhookDeliveries || events) {
          this.deps.logger.info(
            `Retention deleted ${result.webhookDeliveries} webhook deliveries and ${events} events`,
          );
        }
      },
    });
  }

  async run(): Promise<RetentionResult> {
    const { knex, retention } = this.deps;
    const now = (this.deps.now ?? Date.now)();
    const webhookDeliveries = await knex('webhook_deliveries')
      .where('received_at', '<', now - retention.webhookDeliveriesMs)
      .delete();
    const events: Record<string, number> = {};
    const changed = new Set<string>();
    if (retention.eventsMs !== null) {
      const cutoff = now - retention.eventsMs;
      // In lock order, as the event store writes (writeOrder.ts).
      for (const table of Object.keys(EVENT_AGE).sort(compareCodePoints)) {
        events[table] = 0;
        for (;;) {
          const chunk = await retryTransaction(() =>
            knex.transaction(tx => this.pruneChunk(tx, table, cutoff)),
          );
          events[table] += chunk.deleted;
          for (const ref of chunk.changed) changed.add(ref);
          if (chunk.deleted < DELETE_CHUNK) break;
        }
      }
    }
    return {
      webhookDeliveries,
      events,
      changedEntityRefs: [...changed].sort(),
    };
  }

  private async pruneChunk(
    tx: Knex.Transaction,
    table: string,
    cutoff: number,
  ): Promise<{ deleted: number; changed: string[] }> {
    const pointer = POINTERS[table];
    const query = tx(table)
      .select('source', 'external_id', 'entity_ref', ...(pointer ?? []))
      .whereRaw(`${EVENT_AGE[table]} < ?`, [cutoff])
      .limit(DELETE_CHUNK);
    // SQLite's default (binary) collation already orders by code point.
    const rows: Array<Record<string, string | null>> = isPostgres(tx)
      ? await query
          .orderByRaw('"source" COLLATE "C", "external_id" COLLATE "C"')
          .forUpdate()
      : await query.orderBy(['source', 'external_id']);
    if (!rows.length) return { deleted: 0, changed: [] };

    const changed = new Set(rows.map(r => r.entity_ref!));
    const pointedAt = new Map<string, Set<string>>();
    const idsBySource = new Map<string, string[]>();
    for (const row of rows) {
      appendTo(idsBySource, row.source!, row.external_id!);
      const source = pointer && row[pointer[0]];
      if (source) {
        const ids = pointedAt.get(source) ?? new Set<string>();
        ids.add(row[pointer[1]]!);
        pointedAt.set(source, ids);
      }
    }
    // Before deleting: the deployment pointed at may be in this chunk.
    for (const ref of await deploymentEntities(tx, pointedAt)) changed.add(ref);
    if (table === 'deployments') {
      // Their change rows go with them, under the same locks.
      await deleteDeploymentChanges(
        tx,
        rows.map(r => ({ source: r.source!, external_id: r.external_id! })),
      );
    }
    for (const [source, ids] of idsBySource) {
      await tx(table)
        .where('source', source)
        .whereIn('external_id', ids)
        .delete();
    }
    await bumpVersions(tx, changed);
    return { deleted: rows.length, changed: [...changed] };
  }
}
