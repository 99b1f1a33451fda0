/**
 * The rows the metric functions read. Times are epoch milliseconds (UTC), so
 * the store and the pure functions agree without parsing dates in hot loops.
 */

/** @public */
export type EventKey = { source: string; id: string };

/** @public */
export type ChangeRow = {
  id: string;
  authoredAt: number;
  pullRequestOpenedAt: number | null;
  mergedAt: number | null;
};

/** @public */
export type DeploymentRow = {
  source: string;
  id: string;
  entityRef: string;
  production: boolean;
  status: 'success' | 'failure' | 'cancelled' | 'in_progress';
  trigger: 'automatic' | 'manual' | null;
  startedAt: number | null;
  finishedAt: number | null;
  changes: ChangeRow[];
  remediatesDeployment: EventKey | null;
  remediatesIncidentId: string | null;
};

/** @public */
export type IncidentRow = {
  source: string;
  id: string;
  entityRef: string;
  urgency: 'high' | 'low';
  createdAt: number;
  acknowledgedAt: number | null;
  resolvedAt: number | null;
  causedBy: EventKey | null;
  changeRelated: boolean | null;
  autoResolved: boolean | null;
  dedupKey: string | null;
  title: string | null;
  postmortemUrl: string | null;
};

/** @public */
export type PageRow = {
  source: string;
  id: string;
  entityRef: string;
  userRef: string;
  notifiedAt: number;
  channel: 'phone' | 'sms' | 'push' | 'email' | 'other';
  incidentId: string | null;
  timeZone: string | null;
};

/** @public */
export type ShiftRow = {
  source: string;
  id: string;
  entityRef: string;
  userRef: string;
  start: number;
  /** Null for a permanent shift. */
  end: number | null;
  level: number;
  scheduleName: string | null;
  scheduleUrl: string | null;
};

/** @public */
export type CiRunRow = {
  source: string;
  id: string;
  entityRef: string;
  name: string;
  attempt: number;
  trigger: 'automatic' | 'manual';
  status: 'success' | 'failure' | 'cancelled' | 'in_progress';
  startedAt: number;
  finishedAt: number | null;
};

/** @public */
export type ToilReportRow = {
  source: string;
  id: string;
  entityRef: string;
  userRef: string | null;
  hours: number;
  category: string;
  /** Monday 00:00 UTC of the reported ISO week. */
  weekStart: number;
};

/** A half-open window [from, to) in epoch milliseconds. @public */
export type TimeWindow = { from: number; to: number };

/** @public */
export function eventKey(key: EventKey): string {
  return `${key.source}\u0000${key.id}`;
}
