import { DeploymentRow, IncidentRow } from '../rows';

export const MINUTE = 60 * 1000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;
/** A Monday, 2026-03-02 00:00 UTC. */
export const MONDAY = Date.parse('2026-03-02T00:00:00Z');
export const COMPONENT_A = 'component:default/a';

/** A successful production deployment of component a, without changes. */
export function deploymentRow(
  id: string,
  finishedAt: number | null,
  extra: Partial<DeploymentRow> = {},
): DeploymentRow {
  return {
    source: 'ci',
    id,
    entityRef: COMPONENT_A,
    production: true,
    status: 'success',
    trigger: null,
    startedAt: null,
    finishedAt,
    changes: [],
    remediatesDeployment: null,
    remediatesIncidentId: null,
    ...extra,
  };
}

/** A high-urgency incident of component a, open, with nothing else set. */
export function incidentRow(
  id: string,
  createdAt: number,
  extra: Partial<IncidentRow> = {},
): IncidentRow {
  return {
    source: 'pd',
    id,
    entityRef: COMPONENT_A,
    urgency: 'high',
    createdAt,
    acknowledgedAt: null,
    resolvedAt: null,
    causedBy: null,
    changeRelated: null,
    autoResolved: null,
    dedupKey: null,
    title: null,
    postmortemUrl: null,
    ...extra,
  };
}
