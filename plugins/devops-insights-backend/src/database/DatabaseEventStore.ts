import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import {
  EventStore,
  NormalizedEvent,
  ScopeRows,
  StoredDeployment,
  StoredIncident,
  UpsertResult,
} from './EventStore';

const migrationsDir = resolvePackagePath(
  '@devops-insights/backstage-plugin-backend',
  'migrations',
);

// Well under SQLite's bound-parameter limit for rows of ~18 columns.
const WRITE_CHUNK = 500;
const READ_CHUNK = 900;

type Table = 'deployments' | 'incidents';

const toMs = (iso: string | undefined) => (iso ? Date.parse(iso) : null);
const fromDb = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);
const boolFromDb = (value: unknown) =>
  value === null || value === undefined ? null : Boolean(value);

function deploymentRecord(e: Extract<NormalizedEvent, { type: 'deployment' }>) {
  return {
    source: e.source,
    external_id: e.id,
    entity_ref: e.entityRef,
    environment: e.environment,
    production: e.production,
    status: e.status,
    started_at: toMs(e.startedAt),
    finished_at: toMs(e.finishedAt),
    commit_sha: e.commitSha ?? null,
    url: e.url ?? null,
    trigger: e.trigger ?? null,
    changes: JSON.stringify(e.changes ?? []),
    remediates_source: e.remediates?.deployment?.source ?? null,
    remediates_id: e.remediates?.deployment?.id ?? null,
    remediates_incident_id: e.remediates?.incidentId ?? null,
  };
}

function incidentRecord(e: Extract<NormalizedEvent, { type: 'incident' }>) {
  return {
    source: e.source,
    external_id: e.id,
    entity_ref: e.entityRef,
    title: e.title ?? null,
    urgency: e.urgency,
    created_at: toMs(e.createdAt),
    acknowledged_at: toMs(e.acknowledgedAt),
    resolved_at: toMs(e.resolvedAt),
    caused_by_source: e.causedBy?.source ?? null,
    caused_by_id: e.causedBy?.id ?? null,
    change_related: e.changeRelated ?? null,
    auto_resolved: e.autoResolved ?? null,
    dedup_key: e.dedupKey ?? null,
    url: e.url ?? null,
    postmortem_url: e.postmortemUrl ?? null,
  };
}

function toDeployment(r: any): StoredDeployment {
  const changes = JSON.parse(r.changes) as Array<{
    id: string;
    authoredAt: string;
    pullRequestOpenedAt?: string;
    mergedAt?: string;
  }>;
  return {
    source: r.source,
    id: r.external_id,
    entityRef: r.entity_ref,
    environment: r.environment,
    production: Boolean(r.production),
    status: r.status,
    startedAt: fromDb(r.started_at),
    finishedAt: fromDb(r.finished_at),
    commitSha: r.commit_sha,
    url: r.url,
    trigger: r.trigger,
    changes: changes.map(c => ({
      id: c.id,
      authoredAt: Date.parse(c.authoredAt),
      pullRequestOpenedAt: toMs(c.pullRequestOpenedAt),
      mergedAt: toMs(c.mergedAt),
    })),
    remediatesDeployment:
      r.remediates_source !== null
        ? { source: r.remediates_source, id: r.remediates_id }
        : null,
    remediatesIncidentId: r.remediates_incident_id,
  };
}

function toIncident(r: any): StoredIncident {
  return {
    source: r.source,
    id: r.external_id,
    entityRef: r.entity_ref,
    title: r.title,
    urgency: r.urgency,
    createdAt: Number(r.created_at),
    acknowledgedAt: fromDb(r.acknowledged_at),
    resolvedAt: fromDb(r.resolved_at),
    causedBy:
      r.caused_by_source !== null
        ? { source: r.caused_by_source, id: r.caused_by_id }
        : null,
    changeRelated: boolFromDb(r.change_related),
    autoResolved: boolFromDb(r.auto_resolved),
    dedupKey: r.dedup_key,
    url: r.url,
    postmortemUrl: r.postmortem_url,
  };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The knex implementation of EventStore; SQLite and Postgres alike. */
export class DatabaseEventStore implements EventStore {
  static async create(options: {
    database: DatabaseService;
    skipMigrations?: boolean;
  }): Promise<DatabaseEventStore> {
    const knex = await options.database.getClient();
    if (!options.database.migrations?.skip && !options.skipMigrations) {
      await knex.migrate.latest({ directory: migrationsDir });
    }
    return new DatabaseEventStore(knex);
  }

  constructor(private readonly knex: Knex) {}

  async upsert(events: NormalizedEvent[]): Promise<UpsertResult> {
    // Re-sent identities within one batch: the last version wins.
    const latest = new Map<string, { table: Table; record: Record<string, unknown> }>();
    for (const event of events) {
      const table: Table = event.type === 'deployment' ? 'deployments' : 'incidents';
      const record =
        event.type === 'deployment' ? deploymentRecord(event) : incidentRecord(event);
      const content_hash = createHash('sha256')
        .update(JSON.stringify(record))
        .digest('hex');
      latest.set(`${table}\u0000${event.source}\u0000${event.id}`, {
        table,
        record: { ...record, content_hash },
      });
    }

    const result: UpsertResult = { created: 0, updated: 0, unchanged: 0 };
    const receivedAt = Date.now();
    await this.knex.transaction(async tx => {
      for (const table of ['deployments', 'incidents'] as const) {
        const records = [...latest.values()]
          .filter(e => e.table === table)
          .map(e => e.record);
        for (const chunk of chunks(records, WRITE_CHUNK)) {
          const existing = new Map<string, string>();
          const rows = await tx(table)
            .select('source', 'external_id', 'content_hash')
            .whereIn(
              ['source', 'external_id'],
              chunk.map(r => [r.source, r.external_id]) as any,
            );
          for (const row of rows) {
            existing.set(`${row.source}\u0000${row.external_id}`, row.content_hash);
          }
          const changed = chunk.filter(r => {
            const hash = existing.get(`${r.source}\u0000${r.external_id}`);
            if (hash === undefined) result.created += 1;
            else if (hash === r.content_hash) result.unchanged += 1;
            else result.updated += 1;
            return hash !== r.content_hash;
          });
          if (changed.length) {
            await tx(table)
              .insert(changed.map(r => ({ ...r, received_at: receivedAt })))
              .onConflict(['source', 'external_id'])
              .merge();
          }
        }
      }
    });
    return result;
  }

  async loadScope(entityRefs: string[]): Promise<ScopeRows> {
    const deployments = new Map<string, StoredDeployment>();
    const incidents = new Map<string, StoredIncident>();
    const keep = <T extends { source: string; id: string }>(
      into: Map<string, T>,
      row: T,
    ) => into.set(`${row.source}\u0000${row.id}`, row);

    for (const refs of chunks(entityRefs, READ_CHUNK)) {
      const scopeDeployments = this.knex('deployments')
        .select('source', 'external_id')
        .whereIn('entity_ref', refs);
      const [own, remediating, ownIncidents, causedBy] = await Promise.all([
        this.knex('deployments').whereIn('entity_ref', refs),
        this.knex('deployments').whereIn(
          ['remediates_source', 'remediates_id'],
          scopeDeployments.clone() as any,
        ),
        this.knex('incidents').whereIn('entity_ref', refs),
        this.knex('incidents').whereIn(
          ['caused_by_source', 'caused_by_id'],
          scopeDeployments.clone() as any,
        ),
      ]);
      for (const r of [...own, ...remediating]) keep(deployments, toDeployment(r));
      for (const r of [...ownIncidents, ...causedBy]) keep(incidents, toIncident(r));
    }
    return {
      deployments: [...deployments.values()],
      incidents: [...incidents.values()],
    };
  }
}
