import { ReactNode, useCallback, useState } from 'react';
import { Table, TableColumn } from '@backstage/core-components';
import type { Page } from '@devops-insights/backstage-plugin-common';
import type { DevopsInsightsPageQuery } from '../../api';
import { MetricsErrorPanel } from './ErrorPanel';
import { HEADER_STYLE } from './tableStyles';

/** A column; `sortKey` is the list's server-side sort field for it. */
export type PagedColumn<T extends object> = TableColumn<T> & {
  sortKey?: string;
};

export type PageRequest = Pick<
  DevopsInsightsPageQuery,
  'limit' | 'offset' | 'sort' | 'order' | 'search'
>;

export const PAGE_SIZES = [10, 25, 50];

/**
 * A table that asks the server for the page it shows, in the order and
 * with the search chosen, instead of fetching every row to show ten.
 * `queryKey` names what `fetchPage` reads (entity, window, filters): a new
 * key starts again on the first page. Columns should be stable (memoised),
 * as the table keeps per-column state.
 */
export function PagedTable<T extends object>(props: {
  title: string;
  /** For the error panel: "Could not load <what>". */
  what: string;
  queryKey: string;
  columns: PagedColumn<T>[];
  fetchPage(request: PageRequest): Promise<Page<T>>;
  emptyContent: ReactNode;
}) {
  const { title, what, queryKey, columns, fetchPage, emptyContent } = props;
  const [error, setError] = useState<Error>();
  const [attempt, setAttempt] = useState(0);

  const data = useCallback(
    async (query: {
      page: number;
      pageSize: number;
      search: string;
      orderBy?: PagedColumn<T>;
      orderDirection: 'asc' | 'desc' | '';
    }) => {
      const sortKey = query.orderBy?.sortKey;
      try {
        const page = await fetchPage({
          limit: query.pageSize,
          offset: query.page * query.pageSize,
          ...(sortKey && {
            sort: sortKey,
            order: query.orderDirection === 'desc' ? 'desc' : 'asc',
          }),
          ...(query.search && { search: query.search }),
        });
        return {
          // material-table keys rows by index; the items keep their own ids.
          data: page.items,
          page: query.page,
          totalCount: page.totalCount,
        };
      } catch (e) {
        setError(e as Error);
        return { data: [], page: 0, totalCount: 0 };
      }
    },
    [fetchPage],
  );

  if (error) {
    return (
      <MetricsErrorPanel
        what={what}
        error={error}
        onRetry={() => {
          setError(undefined);
          setAttempt(n => n + 1);
        }}
      />
    );
  }
  return (
    <Table<T>
      key={`${queryKey}#${attempt}`}
      title={title}
      columns={columns}
      data={data as any}
      options={{
        paging: true,
        pageSize: PAGE_SIZES[0],
        pageSizeOptions: PAGE_SIZES,
        search: true,
        debounceInterval: 400,
        padding: 'dense',
        // Column dragging nests a focusable handle in the sort button.
        draggable: false,
        headerStyle: HEADER_STYLE,
      }}
      emptyContent={emptyContent}
    />
  );
}
