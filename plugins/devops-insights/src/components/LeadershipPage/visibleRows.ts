import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import type { RollupColumn } from './columns';

export type SortState = { columnId: string; direction: 'asc' | 'desc' };

export const DEFAULT_SORT: SortState = { columnId: 'team', direction: 'asc' };

/**
 * The rows in the table's order: filtered by the search (any shown text of
 * the row, case-insensitive), then sorted. Nulls ("no data") go last in both
 * directions so that an unconnected team never tops a ranking. Ties keep the
 * team title order, so the order is stable across sorts.
 */
export function visibleRows(
  teams: RollupTeam[],
  columns: RollupColumn[],
  sort: SortState,
  search: string,
): RollupTeam[] {
  const needle = search.trim().toLocaleLowerCase();
  const matches = needle
    ? teams.filter(team =>
        columns.some(column =>
          column.text(team).toLocaleLowerCase().includes(needle),
        ),
      )
    : [...teams];
  const column = columns.find(c => c.id === sort.columnId);
  const pick = column?.sortValue;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byTitle = (a: RollupTeam, b: RollupTeam) =>
    a.title.localeCompare(b.title) || a.groupRef.localeCompare(b.groupRef);
  return matches.sort((a, b) => {
    if (!pick) return byTitle(a, b);
    const x = pick(a);
    const y = pick(b);
    if (x === null || y === null) {
      if (x === y) return byTitle(a, b);
      return x === null ? 1 : -1;
    }
    if (x < y) return -sign;
    if (x > y) return sign;
    return byTitle(a, b);
  });
}
