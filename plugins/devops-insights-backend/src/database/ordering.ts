/**
 * Which version of a row wins when events about the same identity arrive
 * out of order (late webhook deliveries, a poll racing a webhook). One rule
 * for every table, applied within a batch and against the stored row; the
 * Postgres write states the same rule in SQL (see postgresWrites.ts), and
 * the store's tests run both.
 */

import {
  earliestTime,
  isOlderVersion,
} from '@devops-insights/backstage-plugin-common';

type Row = Record<string, unknown>;

/** A stored time column as epoch ms (Postgres returns bigints as strings). */
export const time = (value: unknown) =>
  value === null || value === undefined ? null : Number(value);

/** The column holding the event's `updatedAt` (epoch ms, nullable). */
export const SOURCE_UPDATED_AT = 'source_updated_at';

/**
 * Columns where the earliest non-null value of the stored and the incoming
 * row is kept, per table.
 *
 * An incident's `acknowledged_at` is its first acknowledgement, as the
 * PagerDuty poller reads it (the first acknowledge log entry) and as time to
 * acknowledge is defined: a webhook for a later acknowledgement (after a
 * reassignment, or after reopening) or one whose payload no longer carries
 * it must not move it later or clear it.
 */
export const EARLIEST_WINS: Record<string, readonly string[] | undefined> = {
  incidents: ['acknowledged_at'],
};

/**
 * Whether the incoming version is strictly older than the stored one by the
 * source's own time (isOlderVersion); without a time on either side it is
 * not, and replaces the row as events without `updatedAt` always did.
 */
export function isStale(stored: Row, incoming: Row): boolean {
  return isOlderVersion(
    time(stored[SOURCE_UPDATED_AT]),
    time(incoming[SOURCE_UPDATED_AT]),
  );
}

/** The incoming row with the table's earliest-wins columns merged in. */
export function withEarliest(table: string, stored: Row, incoming: Row): Row {
  const columns = EARLIEST_WINS[table];
  if (!columns) return incoming;
  let merged = incoming;
  for (const column of columns) {
    const earliest = earliestTime(time(stored[column]), time(incoming[column]));
    if (earliest !== time(incoming[column])) {
      merged = { ...merged, [column]: earliest };
    }
  }
  return merged;
}

/**
 * What a stale version still changes: the earliest-wins columns it holds an
 * earlier value of (a first acknowledgement delivered after a newer state).
 * Everything else of it lost to the stored row. Undefined when nothing.
 */
export function loweredByStale(
  table: string,
  stored: Row,
  incoming: Row,
): Row | undefined {
  let lowered: Row | undefined;
  for (const column of EARLIEST_WINS[table] ?? []) {
    const before = time(stored[column]);
    const earliest = earliestTime(before, time(incoming[column]));
    if (earliest !== before) lowered = { ...lowered, [column]: earliest };
  }
  return lowered;
}
