import { EventKey, TimeWindow } from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';
import { whereIn } from './whereIn';
import { StoredDeployment, StoredIncident } from './EventStore';
import { DEPLOYMENT_CHANGES } from './deploymentChanges';
import { deploymentTable, incidentTable } from './records';

/**
 * The SQL behind the lists of deployments and incidents: a page, its count
 * and the few rows around the page's rows their derived fields need, each an
 * indexed query over the scope's entity refs (migrations
 * 20261201000000_list_indexes.js, 20261202000000_deployment_changes.js). Nothing here reads a scope's history.
 */

/** How the SQL orders a page before its default order breaks ties. */
export type SqlSort = { by: string; order: 'asc' | 'desc' };

export type PageSlice = { limit: number; offset: number };

export type IncidentFilters = {
  urgency?: 'high' | 'low';
  status?: 'open' | 'acknowledged' | 'resolved';
};

/** Entities and the time range [from, to] (inclusive) to read of each. */
export type EntityRanges = Map<string, { from: number; to: number }>;

// Pairs and ranges per statement: well below SQLite's 32766 variables.
const CHUNK = 400;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

const keyOf = (r: { source: string; external_id: string }) =>
  `${r.source}\u0000${r.external_id}`;

/**
 * The default order of each list, newest first, with the row's identity as
 * tiebreaker so a page boundary never splits or repeats a row. Strings
 * compare by code point on both databases (SQLite's BINARY, Postgres' "C").
 */
const DEPLOYMENT_TIME = 'coalesce(finished_at, started_at)';
/** How much wider the span of a page grows each time it held too few rows. */
const WIDER = 4;

/** A list's SQL sort expressions, by the list's sort field. */
export const DEPLOYMENT_SQL_SORTS: Record<string, string | undefined> = {
  finishedAt: DEPLOYMENT_TIME,
  entityRef: 'entity_ref',
  status: 'status',
};

const STRING_COLUMNS = new Set(['entity_ref', 'status', 'urgency']);

export const INCIDENT_SQL_SORTS: Record<string, string | undefined> = {
  createdAt: 'created_at',
  entityRef: 'entity_ref',
  urgency: 'urgency',
  state: `case when resolved_at is not null then 'resolved' when acknowledged_at is not null then 'acknowledged' else 'open' end`,
  resolvedAt: 'resolved_at',
  timeToAcknowledge: 'acknowledged_at - created_at',
  durationSeconds: 'resolved_at - created_at',
};

export class ListStore {
  private readonly postgres: boolean;

  constructor(private readonly knex: Knex) {
    this.postgres = knex.client?.config?.client === 'pg';
  }

  /** `column` collated by code point. */
  private c(column: string) {
    return `${column} collate ${this.postgres ? '"C"' : 'binary'}`;
  }

  private refsIn(
    query: Knex.QueryBuilder,
    refs: string[],
    column = 'entity_ref',
  ) {
    return whereIn(query, column, refs, this.postgres);
  }

  /**
   * The two halves of coalesce(finished_at, started_at) in the window, each
   * a range of an index (finished ones by finish, unfinished ones by start),
   * and disjoint. Apart, not OR-ed: SQLite scans the whole table for the OR
   * of two ranges over `json_each`, and both databases count a half from
   * its index alone.
   */
  private deploymentHalves(refs: string[], window: TimeWindow) {
    return [
      this.refsIn(this.knex('deployments'), refs)
        .where('finished_at', '>=', window.from)
        .andWhere('finished_at', '<', window.to),
      this.refsIn(this.knex('deployments'), refs)
        .whereNull('finished_at')
        .andWhere('started_at', '>=', window.from)
        .andWhere('started_at', '<', window.to),
    ];
  }

  /** The scope's deployments in the window, to order and slice. */
  private deploymentsOf(refs: string[], window: TimeWindow) {
    const [finished, unfinished] = this.deploymentHalves(refs, window);
    return this.knex
      .select('*')
      .from(
        finished.select('*').unionAll(unfinished.select('*')).as('in_window'),
      );
  }

  private async countDeployments(refs: string[], window: TimeWindow) {
    const counts = await Promise.all(
      this.deploymentHalves(refs, window).map(q => q.count({ count: '*' })),
    );
    return counts.reduce((sum, [{ count }]) => sum + Number(count), 0);
  }

  private deploymentOrder(sort?: SqlSort) {
    const first = sort
      ? `${this.sortable(DEPLOYMENT_SQL_SORTS, sort.by)} ${
          sort.order
        } nulls last, `
      : '';
    return `${first}${DEPLOYMENT_TIME} desc, ${this.identity()}`;
  }

  private identity() {
    return ['entity_ref', 'source', 'external_id']
      .map(c => this.c(c))
      .join(', ');
  }

  private sortable(sorts: Record<string, string | undefined>, by: string) {
    const expression = sorts[by];
    if (!expression) throw new Error(`No SQL sort for ${by}`);
    // Strings by code point, as the lists compare them in memory.
    return STRING_COLUMNS.has(expression) ? this.c(expression) : expression;
  }

  /** One page of the scope's deployments in the window, and their count. */
  async deploymentPage(
    refs: string[],
    window: TimeWindow,
    slice: PageSlice,
    sort?: SqlSort,
  ): Promise<{ rows: StoredDeployment[]; totalCount: number }> {
    if (!refs.length) return { rows: [], totalCount: 0 };
    const counting = this.countDeployments(refs, window);
    const [rows, totalCount] = await Promise.all([
      sort
        ? this.sliced(this.deploymentsOf(refs, window), sort, slice)
        : counting.then(total => this.newestPage(refs, window, slice, total)),
      counting,
    ]);
    return { rows: rows.map(deploymentTable.fromRow), totalCount };
  }

  /** The slice of the query's rows in the list's order. */
  private sliced(
    query: Knex.QueryBuilder,
    sort: SqlSort | undefined,
    slice: PageSlice,
  ) {
    return query
      .orderByRaw(this.deploymentOrder(sort))
      .limit(slice.limit)
      .offset(slice.offset);
  }

  /**
   * A page in the default order (newest first), read from a span at the
   * window's end rather than from the whole window: sorting an area's window
   * (~15 k rows at M, ~125 k at L) to keep 50 was most of the page's time on
   * both databases. The span is first as wide as the window's rate says the
   * page's rows need, twice over, and grows until it holds the page. Rows
   * outside the span are older than every row in it, so when it holds the
   * page's last row, the page is what the whole window's would be.
   */
  private async newestPage(
    refs: string[],
    window: TimeWindow,
    slice: PageSlice,
    totalCount: number,
  ) {
    const length = window.to - window.from;
    const needed = slice.offset + slice.limit;
    let width = Math.ceil(length * Math.min(1, (2 * needed) / totalCount));
    for (;;) {
      const span = {
        from: Math.max(window.from, window.to - width),
        to: window.to,
      };
      const rows = await this.sliced(
        this.deploymentsOf(refs, span),
        undefined,
        slice,
      );
      if (rows.length === slice.limit || span.from === window.from) {
        return rows;
      }
      width *= WIDER;
    }
  }

  /** Every deployment of the scope in the window, in the default order. */
  async deploymentsInWindow(
    refs: string[],
    window: TimeWindow,
  ): Promise<StoredDeployment[]> {
    if (!refs.length) return [];
    const rows = await this.deploymentsOf(refs, window).orderByRaw(
      this.deploymentOrder(),
    );
    return rows.map(deploymentTable.fromRow);
  }

  /**
   * The scope's incidents created in the window, and those resolved in it
   * but created outside it: disjoint, each a range of an index, apart for
   * the reason the deployments' halves are.
   */
  private incidentHalves(
    refs: string[],
    window: TimeWindow,
    filters: IncidentFilters,
  ) {
    const filtered = (query: Knex.QueryBuilder) => {
      if (filters.urgency) query.where('urgency', filters.urgency);
      if (filters.status === 'resolved') query.whereNotNull('resolved_at');
      if (filters.status === 'acknowledged') {
        query.whereNull('resolved_at').whereNotNull('acknowledged_at');
      }
      if (filters.status === 'open') {
        query.whereNull('resolved_at').whereNull('acknowledged_at');
      }
      return query;
    };
    return [
      filtered(
        this.refsIn(this.knex('incidents'), refs)
          .where('created_at', '>=', window.from)
          .andWhere('created_at', '<', window.to),
      ),
      filtered(
        this.refsIn(this.knex('incidents'), refs)
          .where('resolved_at', '>=', window.from)
          .andWhere('resolved_at', '<', window.to)
          .andWhere(q =>
            q
              .where('created_at', '<', window.from)
              .orWhere('created_at', '>=', window.to),
          ),
      ),
    ];
  }

  private incidentsOf(
    refs: string[],
    window: TimeWindow,
    filters: IncidentFilters,
  ) {
    const [created, resolved] = this.incidentHalves(refs, window, filters);
    return this.knex
      .select('*')
      .from(created.select('*').unionAll(resolved.select('*')).as('in_window'));
  }

  private async countIncidents(
    refs: string[],
    window: TimeWindow,
    filters: IncidentFilters,
  ) {
    const counts = await Promise.all(
      this.incidentHalves(refs, window, filters).map(q =>
        q.count({ count: '*' }),
      ),
    );
    return counts.reduce((sum, [{ count }]) => sum + Number(count), 0);
  }

  private incidentOrder(sort?: SqlSort) {
    const first = sort
      ? `${this.sortable(INCIDENT_SQL_SORTS, sort.by)} ${
          sort.order
        } nulls last, `
      : '';
    return `${first}created_at desc, ${this.identity()}`;
  }

  /** One page of the scope's incidents of the window, and their count. */
  async incidentPage(
    refs: string[],
    window: TimeWindow,
    filters: IncidentFilters,
    slice: PageSlice,
    sort?: SqlSort,
  ): Promise<{ rows: StoredIncident[]; totalCount: number }> {
    if (!refs.length) return { rows: [], totalCount: 0 };
    const [rows, totalCount] = await Promise.all([
      this.incidentsOf(refs, window, filters)
        .orderByRaw(this.incidentOrder(sort))
        .limit(slice.limit)
        .offset(slice.offset),
      this.countIncidents(refs, window, filters),
    ]);
    return { rows: rows.map(incidentTable.fromRow), totalCount };
  }

  /** Every incident of the scope in the window, in the default order. */
  async incidentsInWindow(
    refs: string[],
    window: TimeWindow,
    filters: IncidentFilters,
  ): Promise<StoredIncident[]> {
    if (!refs.length) return [];
    const rows = await this.incidentsOf(refs, window, filters).orderByRaw(
      this.incidentOrder(),
    );
    return rows.map(incidentTable.fromRow);
  }

  /**
   * Leaves out rows the caller already holds, when they are few enough for
   * one statement (an optimisation: more rows are merely read twice).
   */
  private without(query: Knex.QueryBuilder, keys: EventKey[]) {
    return keys.length && keys.length <= CHUNK
      ? query.whereNotIn(
          ['source', 'external_id'],
          keys.map(k => [k.source, k.id]),
        )
      : query;
  }

  /** Deployments by identity. */
  async deploymentsByKey(keys: EventKey[]): Promise<StoredDeployment[]> {
    return this.byPairs(
      'deployments',
      ['source', 'external_id'],
      keys,
      deploymentTable.fromRow,
    );
  }

  /** Deployments whose `remediates` names one of the deployments. */
  async remediationsOf(keys: EventKey[]): Promise<StoredDeployment[]> {
    return this.byPairs(
      'deployments',
      ['remediates_source', 'remediates_id'],
      keys,
      deploymentTable.fromRow,
    );
  }

  /** Incidents whose `causedBy` names one of the deployments. */
  async incidentsCausedBy(keys: EventKey[]): Promise<StoredIncident[]> {
    return this.byPairs(
      'incidents',
      ['caused_by_source', 'caused_by_id'],
      keys,
      incidentTable.fromRow,
    );
  }

  private async byPairs<T>(
    table: string,
    columns: [string, string],
    keys: EventKey[],
    fromRow: (row: any) => T,
  ): Promise<T[]> {
    const distinct = new Map(keys.map(k => [`${k.source}\u0000${k.id}`, k]));
    const out: T[] = [];
    for (const part of chunks([...distinct.values()])) {
      const rows = await this.knex(table).whereIn(
        columns,
        part.map(k => [k.source, k.id]),
      );
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  /**
   * Deployments of each entity finished within its range, but for those
   * the caller holds (`except`, when a page's few).
   */
  async deploymentsFinishedIn(
    ranges: EntityRanges,
    except: EventKey[] = [],
  ): Promise<StoredDeployment[]> {
    return this.inRanges(
      'deployments',
      'finished_at',
      ranges,
      deploymentTable.fromRow,
      except,
    );
  }

  /** Incidents of each entity created within its range. */
  async incidentsCreatedIn(ranges: EntityRanges): Promise<StoredIncident[]> {
    return this.inRanges(
      'incidents',
      'created_at',
      ranges,
      incidentTable.fromRow,
    );
  }

  private async inRanges<T>(
    table: string,
    time: string,
    ranges: EntityRanges,
    fromRow: (row: any) => T,
    except: EventKey[] = [],
  ): Promise<T[]> {
    const out: T[] = [];
    for (const part of chunks([...ranges])) {
      const rows = await this.without(this.knex(table), except).where(q => {
        for (const [ref, { from, to }] of part) {
          q.orWhere(w =>
            w
              .where('entity_ref', ref)
              .andWhere(time, '>=', from)
              .andWhere(time, '<=', to),
          );
        }
      });
      out.push(...rows.map(fromRow));
    }
    return out;
  }

  /**
   * Deployments of each entity finished at or before its `until` that named
   * one of its change ids: by index of deployment_changes
   * (deploymentChanges.ts), each id looked up in its own entity only.
   */
  async deploymentsNamingChanges(
    claims: Map<string, { until: number; ids: string[] }>,
    except: EventKey[] = [],
  ): Promise<StoredDeployment[]> {
    // Statements of at most 400 ids; a page's claims fit in one or two.
    const statements: Array<Array<[string, number, string[]]>> = [[]];
    let size = 0;
    for (const [ref, { until, ids }] of claims) {
      for (const part of chunks([...new Set(ids)], 200)) {
        if (size + part.length > CHUNK) {
          statements.push([]);
          size = 0;
        }
        statements[statements.length - 1].push([ref, until, part]);
        size += part.length;
      }
    }
    const out = new Map<string, StoredDeployment>();
    for (const statement of statements.filter(s => s.length)) {
      const named = this.knex(DEPLOYMENT_CHANGES)
        .select('source', 'external_id')
        .where(q => {
          for (const [ref, until, ids] of statement) {
            q.orWhere(e =>
              e
                .where('entity_ref', ref)
                .whereIn('change_id', ids)
                .andWhere('finished_at', '<=', until),
            );
          }
        });
      const rows = await this.without(this.knex('deployments'), except).whereIn(
        ['source', 'external_id'],
        named,
      );
      for (const row of rows) {
        out.set(keyOf(row), deploymentTable.fromRow(row));
      }
    }
    return [...out.values()];
  }
}
