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
};

/** A half-open window [from, to) in epoch milliseconds. @public */
export type TimeWindow = { from: number; to: number };

/** @public */
export function eventKey(key: EventKey): string {
  return `${key.source}\u0000${key.id}`;
}
