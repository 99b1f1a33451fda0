import { mockServices } from '@backstage/backend-test-utils';
import {
  DevopsInsightsEventInput,
  earliestTime,
  isOlderVersion,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsShiftReplacement,
  DevopsInsightsSyncContext,
  isInShiftScope,
  shiftReplacementErrors,
} from '@devops-insights/backstage-plugin-node';

function withFirstAcknowledgement(
  stored: DevopsInsightsEventInput,
  incoming: DevopsInsightsEventInput,
): DevopsInsightsEventInput {
  if (stored.type !== 'incident' || incoming.type !== 'incident')
    return incoming;
  const first = earliestTime(stored.acknowledgedAt, incoming.acknowledgedAt);
  return first === null || first === earliestTime(incoming.acknowledgedAt, null)
    ? incoming
    : { ...incoming, acknowledgedAt: new Date(first).toISOString() };
}

/**
 * In-memory stand-ins for the backend's sink, cursor table, status table and
 * delivery log, with the same contracts: the sink validates all-or-nothing,
 * upserts by (type, source, id), ordered by `updatedAt` as the store orders
 * them, and replaces a scope's shifts. For tests of source modules.
 * @public
 */
export function createFakeSourceContext(options: { source: string }) {
  const rows = new Map<string, DevopsInsightsEventInput>();
  const ingested: DevopsInsightsEventInput[][] = [];
  const cursors = new Map<string, string>();
  const statuses: {
    target: string;
    ok: boolean;
    rows?: number;
    error?: string;
    rateLimit?: unknown;
  }[] = [];
  const claimed = new Set<string>();
  let failIngestAfter = Infinity;

  const sink = {
    async ingest(events: DevopsInsightsEventInput[]) {
      if (ingested.length >= failIngestAfter)
        throw new Error('database went away');
      const parsed = parseEvents(events);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
      ingested.push(events);
      let created = 0;
      let updated = 0;
      let unchanged = 0;
      for (const e of events) {
        const key = `${e.type}/${e.source}/${e.id}`;
        const stored = rows.get(key);
        // The store's ordering: a version older than the stored one by the
        // source's own time is left out, an incident keeps its first
        // acknowledgement.
        if (stored && isOlderVersion(stored.updatedAt, e.updatedAt)) {
          unchanged++;
          continue;
        }
        if (stored) updated++;
        else created++;
        rows.set(key, stored ? withFirstAcknowledgement(stored, e) : e);
      }
      return { created, updated, unchanged, unknownEntityRefs: [] };
    },
    async replaceShifts(replacement: DevopsInsightsShiftReplacement) {
      const errors = shiftReplacementErrors(replacement);
      if (errors.length) throw new Error(JSON.stringify(errors));
      // Validates all-or-nothing before anything is deleted.
      const result = replacement.shifts.length
        ? await sink.ingest(replacement.shifts)
        : { created: 0, updated: 0, unchanged: 0, unknownEntityRefs: [] };
      const keep = new Set(replacement.shifts.map(e => e.id));
      let deleted = 0;
      for (const [key, e] of rows) {
        if (
          e.type === 'oncall-shift' &&
          !keep.has(e.id) &&
          isInShiftScope(replacement, e)
        ) {
          rows.delete(key);
          deleted++;
        }
      }
      return { ...result, deleted };
    },
  };
  const logger = mockServices.logger.mock();
  const ctx: DevopsInsightsSyncContext = {
    sink,
    logger,
    cursors: {
      get: async key => cursors.get(key),
      set: async (key, value) => {
        cursors.set(key, value);
      },
    },
    status: {
      success: async (target, details) => {
        statuses.push({
          target,
          ok: true,
          rows: details.rowsIngested,
          rateLimit: details.rateLimit,
        });
      },
      failure: async (target, error, details) => {
        statuses.push({
          target,
          ok: false,
          error: error.message,
          rateLimit: details?.rateLimit,
        });
      },
    },
  };
  const deliveries = {
    claim: async (id: string) => {
      if (claimed.has(id)) return false;
      claimed.add(id);
      return true;
    },
    release: async (id: string) => {
      claimed.delete(id);
    },
  };
  return {
    ctx,
    sink,
    logger,
    rows,
    ingested,
    cursors,
    statuses,
    deliveries,
    /** Makes every ingest after the first `n` batches throw, like a crash mid-sync. */
    failIngestAfter(n: number) {
      failIngestAfter = n;
    },
    row(type: string, id: string) {
      return rows.get(`${type}/${options.source}/${id}`) as any;
    },
  };
}
