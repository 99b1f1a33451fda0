import { useCallback, useMemo } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { Page } from '@devops-insights/backstage-plugin-common';
import {
  DevopsInsightsApi,
  devopsInsightsApiRef,
  DevopsInsightsQuery,
} from '../../api';
import { PagedColumn, PagedTable, PageRequest } from './PagedTable';

/** The lists a table can show, as `list` takes them. */
export const WINDOW_LISTS = {
  deployments: (
    api: DevopsInsightsApi,
    request: Parameters<DevopsInsightsApi['listDeployments']>[0],
  ) => api.listDeployments(request),
  incidents: (
    api: DevopsInsightsApi,
    request: Parameters<DevopsInsightsApi['listIncidents']>[0],
  ) => api.listIncidents(request),
};

/**
 * One of the lists behind a tab's figures (deployments, incidents), paged,
 * sorted and searched on the server. `query` holds the entity, the window
 * and any filters: another query starts again on the first page. `list` (one of
 * WINDOW_LISTS) and `columns` should be module-level functions, so the table keeps its state.
 */
export function WindowListTable<
  T extends object,
  Q extends DevopsInsightsQuery,
>(props: {
  title: string;
  /** For the error panel: "Could not load <what>". */
  what: string;
  query: Q;
  list(api: DevopsInsightsApi, request: Q & PageRequest): Promise<Page<T>>;
  columns(showEntity: boolean): PagedColumn<T>[];
  /** Whether the rows name their entity (a Group, System or Domain). */
  showEntity: boolean;
  /** Shown in the table when no row matches. */
  emptyText: string;
}) {
  const { title, what, query, list, columns, showEntity, emptyText } = props;
  const api = useApi(devopsInsightsApiRef);
  const shownColumns = useMemo(
    () => columns(showEntity),
    [columns, showEntity],
  );
  // The query by value (unset filters left out), so that an equal query
  // built on the next render neither refetches nor resets the page.
  const queryKey = JSON.stringify(query);
  const fetchPage = useCallback(
    (page: PageRequest) =>
      list(api, { ...(JSON.parse(queryKey) as Q), ...page }),
    [api, list, queryKey],
  );
  return (
    <PagedTable<T>
      title={title}
      what={what}
      queryKey={queryKey}
      columns={shownColumns}
      fetchPage={fetchPage}
      emptyContent={<div style={{ padding: 16 }}>{emptyText}</div>}
    />
  );
}
