import type {
  DeploymentListItem,
  IncidentListItem,
  Page,
} from '@devops-insights/backstage-plugin-common';

/**
 * What a list request asks for: one page, optionally in another order than
 * the list's default (newest first) and narrowed by a search text, so the
 * tables page on the server instead of fetching every row to show ten.
 */
export type ListRequest = {
  limit: number;
  offset: number;
  sort?: string;
  order?: 'asc' | 'desc';
  search?: string;
};

type SortValue = string | number | null;

/** How a list can be ordered and searched, by field of its items. */
export type ListSpec<R> = {
  sortBy: Record<string, (item: R) => SortValue>;
  searchText: (item: R) => Array<string | null>;
};

const seconds = (from: string, to: string | null) =>
  to === null ? null : (Date.parse(to) - Date.parse(from)) / 1000;

export const DEPLOYMENT_LIST: ListSpec<DeploymentListItem> = {
  sortBy: {
    finishedAt: d => d.finishedAt ?? d.startedAt,
    entityRef: d => d.entityRef,
    environment: d => d.environment,
    status: d => d.status,
    changes: d => d.changes,
    leadTimeMedianSeconds: d => d.leadTimeMedianSeconds,
    failed: d => (d.failed === null ? null : Number(d.failed)),
  },
  searchText: d => [d.id, d.entityRef, d.environment, d.status, d.commitSha],
};

/** An incident's latest state, as the list's `status` filter reads it. */
function incidentState(i: IncidentListItem): string {
  if (i.resolvedAt !== null) return 'resolved';
  return i.acknowledgedAt !== null ? 'acknowledged' : 'open';
}

export const INCIDENT_LIST: ListSpec<IncidentListItem> = {
  sortBy: {
    createdAt: i => i.createdAt,
    title: i => i.title ?? i.id,
    entityRef: i => i.entityRef,
    urgency: i => i.urgency,
    state: incidentState,
    resolvedAt: i => i.resolvedAt,
    timeToAcknowledge: i => seconds(i.createdAt, i.acknowledgedAt),
    durationSeconds: i => i.durationSeconds,
    attributedDeployment: i =>
      i.attributedDeployment
        ? `${i.attributedDeployment.source}/${i.attributedDeployment.id}`
        : null,
  },
  searchText: i => [i.id, i.title, i.entityRef, i.urgency, incidentState(i)],
};

/** Nulls ("no data") after every value in either direction. */
function compare(x: SortValue, y: SortValue, order: 'asc' | 'desc'): number {
  if (x === null || y === null) {
    if (x === y) return 0;
    return x === null ? 1 : -1;
  }
  let result = 0;
  if (x < y) result = -1;
  else if (x > y) result = 1;
  return order === 'asc' ? result : -result;
}

/**
 * One page of `items` (already in the list's default order). Without sort or
 * search only the page's items are mapped; otherwise every item is, since
 * the order and the match are on the mapped fields.
 */
export function listPage<T, R>(
  items: T[],
  request: ListRequest,
  spec: ListSpec<R>,
  map: (item: T) => R,
): Page<R> {
  const { limit, offset, sort, order = 'asc' } = request;
  const search = request.search?.trim().toLocaleLowerCase('en-US');
  const page = (all: R[]) => ({
    items: all.slice(offset, offset + limit),
    totalCount: all.length,
    limit,
    offset,
  });
  if (!sort && !search) {
    return {
      ...page([]),
      items: items.slice(offset, offset + limit).map(map),
      totalCount: items.length,
    };
  }
  let mapped = items.map(map);
  if (search) {
    mapped = mapped.filter(item =>
      spec
        .searchText(item)
        .some(text => text?.toLocaleLowerCase('en-US').includes(search)),
    );
  }
  if (sort) {
    const value = spec.sortBy[sort];
    // Array.prototype.sort is stable: ties keep the default order.
    mapped = mapped.sort((a, b) => compare(value(a), value(b), order));
  }
  return page(mapped);
}
