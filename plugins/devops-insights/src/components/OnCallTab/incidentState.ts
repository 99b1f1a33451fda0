import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';

export type IncidentState = 'open' | 'acknowledged' | 'resolved';

/** The latest state an incident reached, as the API's `status` filter reads it. */
export function incidentState(incident: IncidentListItem): IncidentState {
  if (incident.resolvedAt) return 'resolved';
  if (incident.acknowledgedAt) return 'acknowledged';
  return 'open';
}

/** Seconds between two timestamps, or null when the later one is missing. */
export function secondsBetween(from: string, to: string | null): number | null {
  return to === null ? null : (Date.parse(to) - Date.parse(from)) / 1000;
}
