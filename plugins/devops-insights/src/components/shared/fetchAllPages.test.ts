import { fetchAllPages, MAX_ROWS, PAGE_SIZE } from './fetchAllPages';

function pagesOf(total: number) {
  return jest.fn(async (limit: number, offset: number) => ({
    items: Array.from(
      { length: Math.max(0, Math.min(limit, total - offset)) },
      (_, i) => offset + i,
    ),
    totalCount: total,
    limit,
    offset,
  }));
}

describe('fetchAllPages', () => {
  it('follows the pages until every row is in', async () => {
    const fetchPage = pagesOf(PAGE_SIZE * 2 + 5);
    const result = await fetchAllPages(fetchPage);
    expect(result.items).toHaveLength(PAGE_SIZE * 2 + 5);
    expect(result.items[PAGE_SIZE]).toBe(PAGE_SIZE);
    expect(fetchPage).toHaveBeenCalledTimes(3);
  });

  it('stops at the cap and reports the full count', async () => {
    const result = await fetchAllPages(pagesOf(MAX_ROWS + 500));
    expect(result.items).toHaveLength(MAX_ROWS);
    expect(result.totalCount).toBe(MAX_ROWS + 500);
  });

  it('stops on an empty page even if the count says more', async () => {
    const fetchPage = jest.fn(async () => ({
      items: [],
      totalCount: 10,
      limit: PAGE_SIZE,
      offset: 0,
    }));
    expect((await fetchAllPages(fetchPage)).items).toEqual([]);
    expect(fetchPage).toHaveBeenCalledTimes(1);
  });
});
