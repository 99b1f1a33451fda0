import type { Page } from '@devops-insights/backstage-plugin-common';

/** The list endpoints' maximum `limit`. */
export const PAGE_SIZE = 500;
/** Enough rows for any sane window; beyond that the table says what it left out. */
export const MAX_ROWS = 2000;

/**
 * Fetches pages until all rows (or MAX_ROWS) are in, so the tables can sort
 * across every row: the list endpoints page but do not sort on request.
 */
export async function fetchAllPages<T>(
  fetchPage: (limit: number, offset: number) => Promise<Page<T>>,
): Promise<{ items: T[]; totalCount: number }> {
  const items: T[] = [];
  let totalCount = 0;
  for (;;) {
    const page = await fetchPage(PAGE_SIZE, items.length);
    items.push(...page.items);
    totalCount = page.totalCount;
    if (
      page.items.length === 0 ||
      items.length >= totalCount ||
      items.length >= MAX_ROWS
    ) {
      return { items, totalCount };
    }
  }
}
