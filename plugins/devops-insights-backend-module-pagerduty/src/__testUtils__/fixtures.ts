import {
  DevopsInsightsEvent,
  DevopsInsightsEventInput,
  EventsResponse,
  parseEvents,
} from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsShiftReplacement,
  isInShiftScope,
  shiftReplacementErrors,
} from '@devops-insights/backstage-plugin-node';
import { PdIncident, PdLogEntry, PdOncall, PdReference } from '../types';

/** Shaped like the OpenAPI examples (subdomain.pagerduty.com, P-ids). */
const HTML = 'https://subdomain.pagerduty.com';

export const ref = (type: string, id: string, summary = id): PdReference => ({
  id,
  type,
  summary,
  html_url: `${HTML}/${type.replace('_reference', '')}s/${id}`,
});

export function incident(
  id: string,
  serviceId: string,
  createdAt: string,
  overrides: Partial<PdIncident> = {},
): PdIncident {
  return {
    id,
    title: `The server is on fire (${id})`,
    summary: `[#1234] The server is on fire (${id})`,
    status: 'triggered',
    urgency: 'high',
    created_at: createdAt,
    incident_key: `key-${id}`,
    html_url: `${HTML}/incidents/${id}`,
    service: ref('service_reference', serviceId, 'My Mail Service'),
    escalation_policy: ref('escalation_policy_reference', 'PT20YPA'),
    ...overrides,
  };
}

export function logEntry(
  id: string,
  type: string,
  createdAt: string,
  extra: Partial<PdLogEntry> = {},
): PdLogEntry {
  return { id, type, created_at: createdAt, ...extra };
}

export function notify(
  id: string,
  userId: string,
  at: string,
  channel: 'phone' | 'sms' | 'push' | 'email',
): PdLogEntry {
  return logEntry(id, 'notify_log_entry', at, {
    user: ref('user_reference', userId),
    channel: {
      type: 'auto',
      notification: { type: `${channel}_notification`, started_at: at },
    },
  });
}

export function oncall(
  userId: string,
  policyId: string,
  level: number,
  start: string | null,
  end: string | null,
  scheduleId?: string,
): PdOncall {
  return {
    user: ref('user_reference', userId),
    escalation_policy: ref(
      'escalation_policy_reference',
      policyId,
      `Policy ${policyId}`,
    ),
    schedule: scheduleId
      ? ref('schedule_reference', scheduleId, `Schedule ${scheduleId}`)
      : null,
    escalation_level: level,
    start,
    end,
  };
}

/**
 * The plugin's sink contract in memory: validates all-or-nothing with the
 * real schemas and upserts by (type, source, id), so resending replaces;
 * replaceShifts deletes the scope's shifts that are not given.
 */
export function memorySink() {
  const store = new Map<string, DevopsInsightsEvent>();
  const calls: DevopsInsightsEventInput[][] = [];
  let failNext = 0;
  return {
    store,
    calls,
    failNextIngest(times = 1) {
      failNext = times;
    },
    events<T extends DevopsInsightsEvent['type']>(type: T) {
      return [...store.values()]
        .filter(
          (e): e is Extract<DevopsInsightsEvent, { type: T }> =>
            e.type === type,
        )
        .sort((a, b) => a.id.localeCompare(b.id));
    },
    async ingest(events: DevopsInsightsEventInput[]): Promise<EventsResponse> {
      if (failNext > 0) {
        failNext--;
        throw new Error('database unavailable');
      }
      calls.push(events);
      const parsed = parseEvents(events);
      if (!parsed.ok) {
        throw new Error(
          `invalid events: ${JSON.stringify(parsed.errors.slice(0, 3))}`,
        );
      }
      const result: EventsResponse = {
        created: 0,
        updated: 0,
        unchanged: 0,
        unknownEntityRefs: [],
      };
      for (const event of parsed.events) {
        const key = `${event.type}/${event.source}/${event.id}`;
        if (store.has(key)) result.updated++;
        else result.created++;
        store.set(key, event);
      }
      return result;
    },
    async replaceShifts(replacement: DevopsInsightsShiftReplacement) {
      const errors = shiftReplacementErrors(replacement);
      if (errors.length) throw new Error(`invalid: ${JSON.stringify(errors)}`);
      // Validates all-or-nothing before anything is deleted.
      const result = replacement.shifts.length
        ? await this.ingest(replacement.shifts)
        : { created: 0, updated: 0, unchanged: 0, unknownEntityRefs: [] };
      const keep = new Set(replacement.shifts.map(e => e.id));
      let deleted = 0;
      for (const [key, e] of store) {
        if (
          e.type === 'oncall-shift' &&
          !keep.has(e.id) &&
          isInShiftScope(replacement, e)
        ) {
          store.delete(key);
          deleted++;
        }
      }
      return { ...result, deleted };
    },
  };
}

export function memoryCursors() {
  const values = new Map<string, string>();
  return {
    values,
    get: async (key: string) => values.get(key),
    set: async (key: string, value: string) => {
      values.set(key, value);
    },
  };
}

export function memoryStatus() {
  const successes: Array<{
    target: string;
    rowsIngested: number;
    rateLimit?: unknown;
  }> = [];
  const failures: Array<{ target: string; error: Error }> = [];
  return {
    successes,
    failures,
    success: async (
      target: string,
      details: { rowsIngested: number; rateLimit?: unknown },
    ) => {
      successes.push({ target, ...details });
    },
    failure: async (target: string, error: Error) => {
      failures.push({ target, error });
    },
  };
}

export function memoryDeliveries() {
  const claimed = new Set<string>();
  return {
    claimed,
    claim: async (id: string) => {
      if (claimed.has(id)) return false;
      claimed.add(id);
      return true;
    },
    release: async (id: string) => {
      claimed.delete(id);
    },
  };
}
