import {
  buildDoraIndex,
  DeploymentListItem,
  DoraConfig,
  eventKey,
  isChangeFailure,
  leadTimeMedianByDeployment,
  Page,
  TimeWindow,
} from '@devops-insights/backstage-plugin-common';
import { StoredDeployment, StoredIncident } from '../database/EventStore';
import {
  DEPLOYMENT_SQL_SORTS,
  EntityRanges,
  ListStore,
} from '../database/ListStore';
import { DEPLOYMENT_LIST, ListRequest, listPage } from './listPage';

const iso = (ms: number | null) =>
  ms === null ? null : new Date(ms).toISOString();

/** A DORA deployment (dora.ts): successful, production, finished. */
const countsForDora = (d: StoredDeployment) =>
  d.status === 'success' && d.production && d.finishedAt !== null;

/** Keeps one row per identity. */
export function distinct<T extends { source: string; id: string }>(
  rows: T[],
): T[] {
  return [...new Map(rows.map(r => [eventKey(r), r] as const)).values()];
}

/** Widens each entity's range to take in [from, to]. */
export function widen(
  ranges: EntityRanges,
  ref: string,
  from: number,
  to: number,
) {
  const range = ranges.get(ref);
  if (!range) ranges.set(ref, { from, to });
  else {
    range.from = Math.min(range.from, from);
    range.to = Math.max(range.to, to);
  }
}

type Derived = Pick<
  DeploymentListItem,
  'countsForDora' | 'failed' | 'leadTimeMedianSeconds'
>;

/**
 * What the list shows of each deployment that the pure definitions derive
 * (counts for DORA, change failure, lead time), exactly as over the scope's
 * whole history, from only the rows those definitions look at for these
 * deployments (docs/metrics.md): rows pointing at them (remediations, named
 * incidents); their entity's incidents within the attribution window after
 * them and its deployments up to the end of that window (whichever is latest
 * before an incident takes it); and its earlier deployments that named one of
 * their changes (the first deployment of a change claims its lead time).
 */
export async function derivedFields(
  lists: ListStore,
  rows: StoredDeployment[],
  dora: DoraConfig,
  /** False: lead times left null, their rows not read (change failures stay exact). */
  withLeadTimes = true,
): Promise<(d: StoredDeployment) => Derived> {
  const good = rows.filter(countsForDora);
  const windowMs = dora.attributionWindowSeconds * 1000;
  const near: EntityRanges = new Map();
  const claims = new Map<string, { until: number; ids: string[] }>();
  for (const d of good) {
    widen(near, d.entityRef, d.finishedAt!, d.finishedAt! + windowMs);
    const entry = claims.get(d.entityRef) ?? { until: -Infinity, ids: [] };
    entry.until = Math.max(entry.until, d.finishedAt!);
    entry.ids.push(...d.changes.map(c => c.id));
    claims.set(d.entityRef, entry);
  }
  const keys = good.map(d => ({ source: d.source, id: d.id }));
  // Rows at hand need not be read again.
  const held = rows.map(d => ({ source: d.source, id: d.id }));
  const [
    remediations,
    namedIncidents,
    nearDeployments,
    nearIncidents,
    claimers,
  ] = await Promise.all([
    good.length ? lists.remediationsOf(keys) : [],
    good.length ? lists.incidentsCausedBy(keys) : [],
    good.length ? lists.deploymentsFinishedIn(near, held) : [],
    good.length ? lists.incidentsCreatedIn(near) : [],
    good.length && withLeadTimes
      ? lists.deploymentsNamingChanges(claims, held)
      : [],
  ]);
  const index = buildDoraIndex(
    {
      scopeEntityRefs: new Set(rows.map(d => d.entityRef)),
      deployments: distinct([
        ...rows,
        ...remediations,
        ...nearDeployments,
        ...claimers,
      ]),
      incidents: distinct<StoredIncident>([
        ...namedIncidents,
        ...nearIncidents,
      ]),
    },
    dora,
  );
  const leadTimes = leadTimeMedianByDeployment(index);
  return d => ({
    countsForDora: countsForDora(d),
    failed: countsForDora(d) ? isChangeFailure(index, d) : null,
    leadTimeMedianSeconds: leadTimes.get(eventKey(d)) ?? null,
  });
}

function toItem(d: StoredDeployment, derived: Derived): DeploymentListItem {
  return {
    source: d.source,
    id: d.id,
    entityRef: d.entityRef,
    environment: d.environment,
    production: d.production,
    status: d.status,
    trigger: d.trigger,
    startedAt: iso(d.startedAt),
    finishedAt: iso(d.finishedAt),
    commitSha: d.commitSha,
    url: d.url,
    changes: d.changes.length,
    leadTimeMedianSeconds: derived.leadTimeMedianSeconds,
    countsForDora: derived.countsForDora,
    failed: derived.failed,
    remediates:
      d.remediatesDeployment || d.remediatesIncidentId
        ? {
            ...(d.remediatesDeployment && {
              deployment: d.remediatesDeployment,
            }),
            ...(d.remediatesIncidentId && {
              incidentId: d.remediatesIncidentId,
            }),
          }
        : null,
  };
}

/**
 * A page of the scope's deployments finishing (or, unfinished, starting) in
 * the window, newest first. Ordered by a stored column and neither searched
 * nor narrowed to change failures, the page and its count come from SQL and
 * only the page's rows are read; otherwise the window's rows are (sorting
 * by a derived field or searching the shown text needs each of them), never
 * the scope's history.
 */
export async function deploymentList(
  lists: ListStore,
  scope: string[],
  window: TimeWindow,
  request: ListRequest & { failed?: true },
  dora: DoraConfig,
): Promise<Page<DeploymentListItem>> {
  const { limit, offset, sort, order = 'asc' } = request;
  if (
    !request.search &&
    !request.failed &&
    (!sort || DEPLOYMENT_SQL_SORTS[sort])
  ) {
    const { rows, totalCount } = await lists.deploymentPage(
      scope,
      window,
      { limit, offset },
      sort ? { by: sort, order } : undefined,
    );
    const derived = await derivedFields(lists, rows, dora);
    return {
      items: rows.map(d => toItem(d, derived(d))),
      totalCount,
      limit,
      offset,
    };
  }
  const rows = await lists.deploymentsInWindow(scope, window);
  // Lead times (the costly part) only of the rows shown, unless they order
  // or match the list: then of every row, as every row is mapped.
  const mapsAll = Boolean(sort || request.search);
  const failures = request.failed
    ? await derivedFields(lists, rows, dora, mapsAll)
    : undefined;
  const listed = failures
    ? rows.filter(d => failures(d).failed === true)
    : rows;
  const derived =
    failures && mapsAll
      ? failures
      : await derivedFields(
          lists,
          mapsAll ? listed : listed.slice(offset, offset + limit),
          dora,
        );
  return listPage(listed, request, DEPLOYMENT_LIST, d => toItem(d, derived(d)));
}
