import { Knex } from 'knex';
import { isPostgres } from './postgresWrites';

/** A toil report as listed and checked for deletion. */
export type ToilReportRecord = {
  source: string;
  id: string;
  entityRef: string;
  week: string;
  weekStart: number;
  hours: number;
  category: string;
  description: string | null;
  userRef: string | null;
  reportedBy: string | null;
};

const fromRow = (r: Record<string, any>): ToilReportRecord => ({
  source: r.source,
  id: r.external_id,
  entityRef: r.entity_ref,
  week: r.week,
  weekStart: Number(r.week_start),
  hours: Number(r.hours),
  category: r.category,
  description: r.description,
  userRef: r.user_ref,
  reportedBy: r.reported_by,
});

const READ_CHUNK = 900;

/**
 * What the toil-report routes read and delete beyond the event store's
 * upsert: the rows with their reporter, one person's hours of a week, and
 * deletion (which moves the entity's version as a changed row does).
 */
export class ToilReportStore {
  constructor(private readonly knex: Knex) {}

  /**
   * Hours already reported about one person for the ISO week starting at
   * `weekStart`, over all entities, read inside a write transaction. On
   * Postgres the person-week is locked first (until the transaction ends), so
   * two concurrent reports cannot both pass the bound; SQLite runs one write
   * transaction at a time.
   */
  static async weekHoursLocked(
    tx: Knex.Transaction,
    userRef: string,
    weekStart: number,
  ): Promise<number> {
    if (isPostgres(tx)) {
      await tx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [
        `devops-insights/toil-report/${userRef}/${weekStart}`,
      ]);
    }
    const [row] = await tx('toil_reports')
      .sum({ hours: 'hours' })
      .where({ user_ref: userRef, week_start: weekStart });
    return Number(row?.hours ?? 0);
  }

  /** Reports of the entities whose ISO week starts in [from, to), newest week first. */
  async list(
    entityRefs: string[],
    window: { from: number; to: number },
  ): Promise<ToilReportRecord[]> {
    const rows: ToilReportRecord[] = [];
    for (let i = 0; i < entityRefs.length; i += READ_CHUNK) {
      const found = await this.knex('toil_reports')
        .whereIn('entity_ref', entityRefs.slice(i, i + READ_CHUNK))
        .where('week_start', '>=', window.from)
        .where('week_start', '<', window.to);
      rows.push(...found.map(fromRow));
    }
    return rows.sort(
      (a, b) =>
        b.weekStart - a.weekStart ||
        a.entityRef.localeCompare(b.entityRef) ||
        a.id.localeCompare(b.id),
    );
  }

  async find(
    source: string,
    id: string,
  ): Promise<ToilReportRecord | undefined> {
    const row = await this.knex('toil_reports')
      .where({ source, external_id: id })
      .first();
    return row ? fromRow(row) : undefined;
  }

  /** Deletes the report and moves its entity's version; false if it was gone. */
  async delete(source: string, id: string): Promise<boolean> {
    return this.knex.transaction(async tx => {
      const row = await tx('toil_reports')
        .where({ source, external_id: id })
        .first('entity_ref');
      if (!row) return false;
      await tx('toil_reports').where({ source, external_id: id }).delete();
      await tx('entity_versions')
        .insert({ entity_ref: row.entity_ref, version: 1 })
        .onConflict('entity_ref')
        .merge({ version: tx.raw('entity_versions.version + 1') });
      return true;
    });
  }
}
