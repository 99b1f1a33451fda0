import {
  doraMetricsOfIndex,
  buildDoraIndex,
  DeploymentRow,
  DevopsInsightsEvent,
  DoraMetrics,
  IncidentRow,
} from '@devops-insights/backstage-plugin-common';

const ms = (value: string | undefined) =>
  value === undefined ? null : Date.parse(value);

/** Maps validated events to the rows the pure DORA functions read. */
export function toDoraRows(events: DevopsInsightsEvent[]): {
  deployments: DeploymentRow[];
  incidents: IncidentRow[];
} {
  const deployments: DeploymentRow[] = [];
  const incidents: IncidentRow[] = [];
  for (const e of events) {
    if (e.type === 'deployment') {
      deployments.push({
        source: e.source,
        id: e.id,
        entityRef: e.entityRef,
        production: e.production ?? e.environment === 'production',
        status: e.status,
        trigger: e.trigger ?? null,
        startedAt: ms(e.startedAt),
        finishedAt: ms(e.finishedAt),
        changes: (e.changes ?? []).map(c => ({
          id: c.id,
          authoredAt: Date.parse(c.authoredAt),
          pullRequestOpenedAt: ms(c.pullRequestOpenedAt),
          mergedAt: ms(c.mergedAt),
        })),
        remediatesDeployment: e.remediates?.deployment ?? null,
        remediatesIncidentId: e.remediates?.incidentId ?? null,
      });
    } else if (e.type === 'incident') {
      incidents.push({
        source: e.source,
        id: e.id,
        entityRef: e.entityRef,
        urgency: e.urgency,
        createdAt: Date.parse(e.createdAt),
        acknowledgedAt: ms(e.acknowledgedAt),
        resolvedAt: ms(e.resolvedAt),
        causedBy: e.causedBy ?? null,
        changeRelated: e.changeRelated ?? null,
        autoResolved: e.autoResolved ?? null,
        dedupKey: e.dedupKey ?? null,
        title: e.title ?? null,
        postmortemUrl: e.postmortemUrl ?? null,
      });
    }
  }
  return { deployments, incidents };
}

/** DORA metrics of a set of entities over the `days` days before `to`. */
export function doraOf(
  events: DevopsInsightsEvent[],
  entityRefs: string[],
  to: number,
  days: number,
): DoraMetrics {
  const rows = toDoraRows(events);
  const index = buildDoraIndex({
    scopeEntityRefs: new Set(entityRefs),
    ...rows,
  });
  return doraMetricsOfIndex(index, { from: to - days * 24 * 3600 * 1000, to });
}
