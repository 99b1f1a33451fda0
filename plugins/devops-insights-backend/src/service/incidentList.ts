import {
  buildDoraIndex,
  DoraConfig,
  eventKey,
  IncidentAttribution,
  IncidentListItem,
  Page,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { StoredDeployment, StoredIncident } from '../database/EventStore';
import {
  EntityRanges,
  INCIDENT_SQL_SORTS,
  IncidentFilters,
  ListStore,
} from '../database/ListStore';
import { distinct, widen } from './deploymentList';
import { INCIDENT_LIST, ListRequest, listPage } from './listPage';

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

/**
 * The deployment each incident is attributed to, exactly as over the
 * scope's whole history, from only what attribution looks at: the deployment
 * an incident names, if the scope's rows hold it (its entity is in the scope,
 * or it remediates a deployment of the scope), else the incident entity's
 * deployments within the attribution window before it.
 */
async function attributions(
  lists: ListStore,
  scope: ReadonlySet<string>,
  rows: StoredIncident[],
  dora: DoraConfig,
): Promise<(i: StoredIncident) => IncidentAttribution | undefined> {
  const windowMs = dora.attributionWindowSeconds * 1000;
  const before: EntityRanges = new Map();
  for (const i of rows) {
    if (!i.causedBy)
      widen(before, i.entityRef, i.createdAt - windowMs, i.createdAt);
  }
  const named = rows.flatMap(i => (i.causedBy ? [i.causedBy] : []));
  const [namedDeployments, nearDeployments] = await Promise.all([
    named.length ? lists.deploymentsByKey(named) : [],
    before.size ? lists.deploymentsFinishedIn(before) : [],
  ]);
  const outside = namedDeployments.flatMap(d =>
    !scope.has(d.entityRef) && d.remediatesDeployment
      ? [d.remediatesDeployment]
      : [],
  );
  const remediatesScope = new Set(
    (outside.length ? await lists.deploymentsByKey(outside) : [])
      .filter(t => scope.has(t.entityRef))
      .map(eventKey),
  );
  const held = namedDeployments.filter(
    d =>
      scope.has(d.entityRef) ||
      (d.remediatesDeployment !== null &&
        remediatesScope.has(eventKey(d.remediatesDeployment))),
  );
  const index = buildDoraIndex(
    {
      scopeEntityRefs: scope,
      deployments: distinct<StoredDeployment>([...held, ...nearDeployments]),
      incidents: rows,
    },
    dora,
  );
  return i => index.attributionByIncident.get(eventKey(i));
}

function toItem(
  i: StoredIncident,
  attribution: IncidentAttribution | undefined,
): IncidentListItem {
  return {
    source: i.source,
    id: i.id,
    entityRef: i.entityRef,
    title: i.title,
    urgency: i.urgency,
    createdAt: iso(i.createdAt)!,
    acknowledgedAt: iso(i.acknowledgedAt),
    resolvedAt: iso(i.resolvedAt),
    durationSeconds:
      i.resolvedAt !== null ? (i.resolvedAt - i.createdAt) / 1000 : null,
    attributedDeployment: attribution
      ? {
          source: attribution.deployment.source,
          id: attribution.deployment.id,
          explicit: attribution.explicit,
          url: (attribution.deployment as StoredDeployment).url ?? null,
        }
      : null,
    changeRelated: i.changeRelated,
    autoResolved: i.autoResolved,
    dedupKey: i.dedupKey,
    url: i.url,
    postmortemUrl: i.postmortemUrl,
  };
}

/**
 * A page of the scope's incidents created or resolved in the window, newest
 * first. Ordered by a stored column and not searched, the page and its count
 * come from SQL; otherwise the window's incidents are read, never the scope's
 * history.
 */
export async function incidentList(
  lists: ListStore,
  scope: string[],
  window: TimeWindow,
  request: ListRequest & IncidentFilters,
  dora: DoraConfig,
): Promise<Page<IncidentListItem>> {
  const { limit, offset, sort, order = 'asc' } = request;
  const filters = { urgency: request.urgency, status: request.status };
  const inScope = new Set(scope);
  if (!request.search && (!sort || INCIDENT_SQL_SORTS[sort])) {
    const { rows, totalCount } = await lists.incidentPage(
      scope,
      window,
      filters,
      { limit, offset },
      sort ? { by: sort, order } : undefined,
    );
    const attribution = await attributions(lists, inScope, rows, dora);
    return {
      items: rows.map(i => toItem(i, attribution(i))),
      totalCount,
      limit,
      offset,
    };
  }
  const rows = await lists.incidentsInWindow(scope, window, filters);
  const attribution = await attributions(lists, inScope, rows, dora);
  return listPage(rows, request, INCIDENT_LIST, i => toItem(i, attribution(i)));
}
