import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import type { RollupColumn } from './columns';

export type SortState = { columnId: string; direction: 'asc' | 'desc' };

export const DEFAULT_SORT: SortState = { columnId: 'team', direction: 'asc' };

/**
 * How deep each team sits under the other listed teams: 0 for a team whose
 * parent is not listed, so a parent's sub-teams can be indented under it.
 */
export function depthsOf(teams: RollupTeam[]): Map<string, number> {
  const parents = new Map(teams.map(t => [t.groupRef, t.parentRef]));
  const depths = new Map<string, number>();
  for (const team of teams) {
    let depth = 0;
    const seen = new Set([team.groupRef]);
    for (
      let parent = team.parentRef;
      parent && parents.has(parent) && !seen.has(parent);
      parent = parents.get(parent) ?? null
    ) {
      seen.add(parent);
      depth += 1;
    }
    depths.set(team.groupRef, depth);
  }
  return depths;
}

/**
 * The rows in the table's order: a parent first, then its sub-teams under
 * it (parents are summary rows of their sub-teams), siblings sorted by the
 * column. Nulls ("no data") go last in both directions so that an
 * unconnected team never tops a ranking; ties keep the team title order, so
 * the order is stable across sorts. The search keeps the rows whose shown
 * text holds it (case-insensitive), in the same order.
 */
export function visibleRows(
  teams: RollupTeam[],
  columns: RollupColumn[],
  sort: SortState,
  search: string,
): RollupTeam[] {
  const needle = search.trim().toLocaleLowerCase();
  const matches = (team: RollupTeam) =>
    !needle ||
    columns.some(column =>
      column.text(team).toLocaleLowerCase().includes(needle),
    );
  const column = columns.find(c => c.id === sort.columnId);
  const pick = column?.sortValue;
  const sign = sort.direction === 'asc' ? 1 : -1;
  const byTitle = (a: RollupTeam, b: RollupTeam) =>
    a.title.localeCompare(b.title) || a.groupRef.localeCompare(b.groupRef);
  const compare = (a: RollupTeam, b: RollupTeam) => {
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
  };
  const depths = depthsOf(teams);
  const children = new Map<string | null, RollupTeam[]>();
  for (const team of teams) {
    const parent = depths.get(team.groupRef) ? team.parentRef : null;
    children.set(parent, [...(children.get(parent) ?? []), team]);
  }
  const ordered: RollupTeam[] = [];
  const visited = new Set<string>();
  const visit = (parent: string | null) => {
    for (const team of [...(children.get(parent) ?? [])].sort(compare)) {
      if (visited.has(team.groupRef)) continue;
      visited.add(team.groupRef);
      if (matches(team)) ordered.push(team);
      visit(team.groupRef);
    }
  };
  visit(null);
  // Groups in a parent cycle have no root above them; list them last.
  for (const team of [...teams].sort(compare)) {
    if (!visited.has(team.groupRef) && matches(team)) ordered.push(team);
  }
  return ordered;
}
