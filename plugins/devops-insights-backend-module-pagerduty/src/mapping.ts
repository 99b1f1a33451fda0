import { createHash } from 'node:crypto';
import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import {
  PdIncident,
  PdLogEntry,
  PdOncall,
  PdReference,
  PdWebhookEvent,
} from './types';

/**
 * The `source` of every event this module emits.
 *
 * @public
 */
export const PAGERDUTY_SOURCE_ID = 'pagerduty';

export type IncidentInput = Extract<
  DevopsInsightsEventInput,
  { type: 'incident' }
>;
export type PageInput = Extract<DevopsInsightsEventInput, { type: 'page' }>;
export type ShiftInput = Extract<
  DevopsInsightsEventInput,
  { type: 'oncall-shift' }
>;

/** A PagerDuty user resolved to a catalog user, or undefined when none matches. */
export type UserResolver = (
  pagerDutyUserId: string,
) => { userRef: string; timeZone?: string } | undefined;

const iso = (value: string) => new Date(value).toISOString();
const clip = (value: string | undefined | null, max: number) =>
  value ? value.slice(0, max) : undefined;
/** Timestamps before creation would fail validation; PagerDuty rounding can cause it. */
const notBefore = (value: string, floor: string) =>
  value < floor ? floor : value;

const isAck = (entry: PdLogEntry) =>
  // The schema names it both ways (LogEntry enum vs AcknowledgeLogEntry).
  entry.type === 'acknowledge_log_entry' ||
  entry.type === 'acknowledgement_log_entry';

/** Users act by hand; services, integrations and timeouts act automatically. */
const isHuman = (agent: PdReference | null | undefined) =>
  Boolean(agent?.type?.startsWith('user'));

function byTime(entries: PdLogEntry[]) {
  // As instants: PagerDuty may write times with an offset.
  return [...entries].sort(
    (a, b) => Date.parse(a.created_at) - Date.parse(b.created_at),
  );
}

/**
 * An incident and its log entries → an `incident` event. Acknowledged is the
 * first acknowledgement (later ones follow re-triggers); the resolver is the
 * agent of the last resolve entry. `updatedAt` is the incident's `updated_at`,
 * the time of the state read, so a webhook about an older state arriving
 * after the poll leaves the row alone (and a newer one replaces it).
 */
export function mapIncident(
  incident: PdIncident,
  logEntries: PdLogEntry[],
  entityRef: string,
): IncidentInput {
  const createdAt = iso(incident.created_at);
  const entries = byTime(logEntries);
  const firstAck = entries.find(isAck);
  const lastResolve = entries.filter(e => e.type === 'resolve_log_entry').pop();
  const trigger = entries.find(e => e.type === 'trigger_log_entry');
  const event: IncidentInput = {
    type: 'incident',
    source: PAGERDUTY_SOURCE_ID,
    id: incident.id,
    entityRef,
    title: clip(incident.title ?? incident.summary, 1000),
    urgency: incident.urgency === 'low' ? 'low' : 'high',
    createdAt,
    dedupKey: clip(
      incident.incident_key ?? trigger?.channel?.incident_key,
      500,
    ),
    url: clip(incident.html_url, 2000),
  };
  if (incident.updated_at) event.updatedAt = iso(incident.updated_at);
  if (firstAck)
    event.acknowledgedAt = notBefore(iso(firstAck.created_at), createdAt);
  if (incident.status === 'resolved') {
    const resolvedAt =
      incident.resolved_at ??
      lastResolve?.created_at ??
      incident.last_status_change_at;
    if (resolvedAt) event.resolvedAt = notBefore(iso(resolvedAt), createdAt);
    const resolver = lastResolve
      ? lastResolve.agent
      : incident.last_status_change_by;
    if (resolver !== undefined) event.autoResolved = !isHuman(resolver);
  }
  return event;
}

const INTERRUPTING: Record<string, PageInput['channel']> = {
  phone_notification: 'phone',
  sms_notification: 'sms',
  push_notification: 'push',
};

/**
 * `notify_log_entry` rows → `page` events, only for channels that interrupt
 * (phone, SMS, push); email is no interruption. Users without a catalog match
 * are returned so the caller can report them.
 */
export function mapPages(
  logEntries: PdLogEntry[],
  incidentId: string,
  entityRef: string,
  users: UserResolver,
): { pages: PageInput[]; unmatchedUserIds: string[] } {
  const pages: PageInput[] = [];
  const unmatched = new Set<string>();
  for (const entry of logEntries) {
    if (entry.type !== 'notify_log_entry') continue;
    const channel = INTERRUPTING[entry.channel?.notification?.type ?? ''];
    const pdUser = entry.user?.id;
    if (!channel || !pdUser) continue;
    const user = users(pdUser);
    if (!user) {
      unmatched.add(pdUser);
      continue;
    }
    pages.push({
      type: 'page',
      source: PAGERDUTY_SOURCE_ID,
      id: entry.id,
      entityRef,
      userRef: user.userRef,
      notifiedAt: iso(
        entry.channel?.notification?.started_at ?? entry.created_at,
      ),
      channel,
      incidentId,
      ...(user.timeZone ? { timeZone: user.timeZone } : {}),
    });
  }
  return { pages, unmatchedUserIds: [...unmatched] };
}

/** Short, stable suffix so one PagerDuty shift can belong to several entities. */
export function entityKey(entityRef: string) {
  return createHash('sha256')
    .update(entityRef.toLowerCase())
    .digest('hex')
    .slice(0, 10);
}

export type ShiftTarget =
  | { kind: 'policy'; entityRef: string }
  | { kind: 'schedule'; entityRef: string };

/**
 * How the ids of the shifts of one escalation policy or schedule begin: the
 * scope the poller replaces them by (sink.replaceShifts).
 */
export function shiftIdPrefix(kind: ShiftTarget['kind'], id: string) {
  return kind === 'policy' ? `ep:${id}:` : `schedule:${id}:`;
}

/**
 * `/oncalls` rows → `oncall-shift` events for one entity. For an escalation
 * policy the id is policy + schedule + user + level + start. For a schedule
 * the same shift shows once per policy and level using it, so rows are folded
 * to schedule + user + start at the lowest level, to count each shift once.
 * A permanent on-call (no start) begins at `horizonStart`.
 */
export function mapOncalls(
  oncalls: PdOncall[],
  target: ShiftTarget,
  users: UserResolver,
  horizonStart: string,
): { shifts: ShiftInput[]; unmatchedUserIds: string[] } {
  const byId = new Map<string, ShiftInput>();
  const unmatched = new Set<string>();
  const suffix = entityKey(target.entityRef);
  for (const oncall of oncalls) {
    const user = users(oncall.user.id);
    if (!user) {
      unmatched.add(oncall.user.id);
      continue;
    }
    const start = oncall.start ? iso(oncall.start) : horizonStart;
    const end = oncall.end ? iso(oncall.end) : null;
    if (end && end <= start) continue;
    const startKey = oncall.start ? start : 'permanent';
    const scheduleId = oncall.schedule?.id ?? 'direct';
    const id =
      target.kind === 'policy'
        ? `${shiftIdPrefix(
            'policy',
            oncall.escalation_policy.id,
          )}${scheduleId}:${oncall.user.id}:L${
            oncall.escalation_level
          }:${startKey}:${suffix}`
        : `${shiftIdPrefix('schedule', scheduleId)}${
            oncall.user.id
          }:${startKey}:${suffix}`;
    const existing = byId.get(id);
    if (existing && existing.level <= oncall.escalation_level) continue;
    byId.set(id, {
      type: 'oncall-shift',
      source: PAGERDUTY_SOURCE_ID,
      id,
      entityRef: target.entityRef,
      userRef: user.userRef,
      start,
      end,
      level: Math.min(100, Math.max(1, oncall.escalation_level)),
      scheduleName: clip(
        oncall.schedule?.summary ?? oncall.escalation_policy.summary,
        400,
      ),
      scheduleUrl: clip(
        oncall.schedule?.html_url ?? oncall.escalation_policy.html_url,
        2000,
      ),
    });
  }
  return { shifts: [...byId.values()], unmatchedUserIds: [...unmatched] };
}

/** The webhook event types applied immediately. */
export const APPLIED_WEBHOOK_EVENTS = new Set([
  'incident.triggered',
  'incident.acknowledged',
  'incident.resolved',
  'incident.reopened',
  'incident.reassigned',
]);

/** What the events API accepts as an id (and a delivery id column holds). */
const MAX_ID = 200;
/** ISO 8601 date-time with an offset, as PagerDuty documents `occurred_at`. */
const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

const isIsoDateTime = (value: unknown) =>
  typeof value === 'string' &&
  ISO_DATE_TIME.test(value) &&
  Number.isFinite(Date.parse(value));

const isId = (value: unknown) =>
  typeof value === 'string' && value.length > 0 && value.length <= MAX_ID;

/**
 * The first field of an applied incident webhook that makes it impossible
 * to store, whatever the retry: `{ path, message }`, or undefined when the
 * payload can be mapped.
 */
export function invalidWebhookField(
  payload: PdWebhookEvent,
): { path: string; message: string } | undefined {
  const { event } = payload;
  const checks: Array<[string, boolean, string]> = [
    ['event.id', isId(event.id), `must be 1–${MAX_ID} characters`],
    ['event.data.id', isId(event.data.id), `must be 1–${MAX_ID} characters`],
    [
      'event.occurred_at',
      isIsoDateTime(event.occurred_at),
      'must be an ISO 8601 date-time',
    ],
    [
      'event.data.created_at',
      isIsoDateTime(event.data.created_at),
      'must be an ISO 8601 date-time',
    ],
    [
      'event.data.service.id',
      event.data.service?.id === undefined || isId(event.data.service.id),
      `must be 1–${MAX_ID} characters`,
    ],
  ];
  const failed = checks.find(([, ok]) => !ok);
  return failed ? { path: failed[0], message: failed[2] } : undefined;
}

/**
 * A v3 webhook incident event → an `incident` event describing the incident
 * as of `occurred_at`, which becomes `updatedAt`: the store never lets it
 * replace a newer state (a `reassigned` delivered after `resolved` does not
 * clear the resolution), whatever the delivery order. Only
 * `incident.acknowledged` names an acknowledgement; the store keeps an
 * incident's earliest one and no event clears it, which is the poller's
 * first `acknowledge_log_entry`. The next poll rewrites the incident from its
 * log entries anyway.
 */
export function mapWebhookIncident(
  payload: PdWebhookEvent,
  entityRef: string,
): IncidentInput {
  const { event } = payload;
  const data = event.data;
  if (!data.created_at) throw new Error('incident payload without created_at');
  const createdAt = iso(data.created_at);
  const occurredAt = notBefore(iso(event.occurred_at), createdAt);
  const result: IncidentInput = {
    type: 'incident',
    source: PAGERDUTY_SOURCE_ID,
    id: data.id,
    entityRef,
    title: clip(data.title, 1000),
    urgency: data.urgency === 'low' ? 'low' : 'high',
    createdAt,
    dedupKey: clip(data.incident_key, 500),
    url: clip(data.html_url, 2000),
    updatedAt: iso(event.occurred_at),
  };
  if (event.event_type === 'incident.acknowledged')
    result.acknowledgedAt = occurredAt;
  if (event.event_type === 'incident.resolved') {
    result.resolvedAt = occurredAt;
    result.autoResolved = !isHuman(event.agent);
  }
  return result;
}
