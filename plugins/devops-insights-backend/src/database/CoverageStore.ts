import { LastEvent } from '@devops-insights/backstage-plugin-common';
import { Knex } from 'knex';

/** Table, event type and the event's own time column, per event table. */
const TABLES: Array<[table: string, eventType: string, time: string]> = [
  ['deployments', 'deployment', 'finished_at'],
  ['incidents', 'incident', 'created_at'],
  ['pages', 'page', 'notified_at'],
  ['oncall_shifts', 'oncall-shift', 'start_at'],
  ['ci_runs', 'ci-run', 'started_at'],
  ['toil_reports', 'toil-report', 'week_start'],
];

// Stands for the end of a permanent shift (null end_at) in MAX().
const OPEN_END = Number.MAX_SAFE_INTEGER;

// Well under SQLite's bound-parameter limit.
const CHUNK = 900;

/** What the stored rows say about the sources of one entity. */
export type StoredCoverage = {
  lastEvents: LastEvent[];
  /** End of its latest shift (Infinity: permanent); null without shifts. */
  lastShiftEnd: number | null;
};

const NONE: StoredCoverage = { lastEvents: [], lastShiftEnd: null };

/**
 * The latest event per source and event type of each entity, read with the
 * (entity_ref, source, time) indexes and kept per entity until its version
 * moves (any change to its rows moves it), so a tab reads only the entities
 * whose rows changed since it was last asked.
 */
export class CoverageStore {
  private readonly kept = new Map<
    string,
    { version: number; coverage: StoredCoverage }
  >();

  constructor(private readonly knex: Knex) {}

  /** `versions` as just read from the store for these refs (absent: no rows). */
  async coverageOf(
    entityRefs: string[],
    versions: Map<string, number>,
  ): Promise<Map<string, StoredCoverage>> {
    const stale = [...new Set(entityRefs)].filter(
      ref =>
        versions.has(ref) &&
        (this.kept.get(ref)?.version ?? -1) < versions.get(ref)!,
    );
    for (let i = 0; i < stale.length; i += CHUNK) {
      const chunk = stale.slice(i, i + CHUNK);
      const read = await this.read(chunk);
      for (const ref of chunk) {
        this.kept.set(ref, {
          version: versions.get(ref)!,
          coverage: read.get(ref) ?? NONE,
        });
      }
    }
    return new Map(
      entityRefs.map(ref => [
        ref,
        versions.has(ref) ? this.kept.get(ref)!.coverage : NONE,
      ]),
    );
  }

  private async read(refs: string[]): Promise<Map<string, StoredCoverage>> {
    const result = new Map<string, StoredCoverage>();
    const of = (ref: string) => {
      let coverage = result.get(ref);
      if (!coverage) {
        coverage = { lastEvents: [], lastShiftEnd: null };
        result.set(ref, coverage);
      }
      return coverage;
    };
    const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
    await Promise.all(
      TABLES.map(async ([table, eventType, time]) => {
        const query = this.knex(table)
          .select('entity_ref', 'source')
          .max({ last_at: time })
          .whereIn('entity_ref', refs)
          .groupBy('entity_ref', 'source');
        if (table === 'oncall_shifts') {
          query.select(
            this.knex.raw('MAX(COALESCE(end_at, ?)) AS last_end', [OPEN_END]),
          );
        }
        const rows: Array<Record<string, unknown>> = await query;
        for (const row of rows) {
          const coverage = of(String(row.entity_ref));
          coverage.lastEvents.push({
            source: String(row.source),
            eventType,
            at: num(row.last_at),
          });
          const end = num(row.last_end);
          if (end !== null) {
            const value = end >= OPEN_END ? Infinity : end;
            coverage.lastShiftEnd = Math.max(
              coverage.lastShiftEnd ?? -Infinity,
              value,
            );
          }
        }
      }),
    );
    return result;
  }
}
