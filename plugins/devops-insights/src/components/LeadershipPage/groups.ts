import { parseEntityRef } from '@backstage/catalog-model';
import type { RollupTeam } from '@devops-insights/backstage-plugin-common';

export type KnownGroup = { title: string; parentRef: string | null };

export type GroupOption = { groupRef: string; title: string; depth: number };

/** Adds the teams of a response to what is known of the org's groups. */
export function rememberGroups(
  known: Map<string, KnownGroup>,
  teams: RollupTeam[],
): Map<string, KnownGroup> {
  const next = new Map(known);
  for (const team of teams) {
    next.set(team.groupRef, { title: team.title, parentRef: team.parentRef });
  }
  return next;
}

export function groupName(groupRef: string): string {
  try {
    return parseEntityRef(groupRef, { defaultKind: 'group' }).name;
  } catch {
    return groupRef;
  }
}

/**
 * Groups worth filtering to: those with sub-teams (filtering to a leaf team
 * would list nothing, as the rollup lists descendants only), as a tree
 * ordered by title, plus the selected group even when it is not known yet
 * (a link straight to a filtered view only brings its descendants).
 */
export function groupOptions(
  known: Map<string, KnownGroup>,
  selected: string | null,
): GroupOption[] {
  const children = new Map<string | null, string[]>();
  for (const [ref, group] of known) {
    // A parent outside what is known is a root here.
    const parent =
      group.parentRef && known.has(group.parentRef) ? group.parentRef : null;
    children.set(parent, [...(children.get(parent) ?? []), ref]);
  }
  const title = (ref: string) => known.get(ref)?.title ?? groupName(ref);
  const options: GroupOption[] = [];
  const visit = (ref: string, depth: number) => {
    const kids = children.get(ref) ?? [];
    if (kids.length > 0)
      options.push({ groupRef: ref, title: title(ref), depth });
    for (const kid of [...kids].sort((a, b) =>
      title(a).localeCompare(title(b)),
    )) {
      visit(kid, depth + 1);
    }
  };
  const roots = [...(children.get(null) ?? [])].sort((a, b) =>
    title(a).localeCompare(title(b)),
  );
  for (const root of roots) visit(root, 0);
  // Parents that are not listed teams themselves (the filtered-to group).
  for (const group of known.values()) {
    const parent = group.parentRef;
    if (
      parent &&
      !known.has(parent) &&
      !options.some(o => o.groupRef === parent)
    ) {
      options.unshift({ groupRef: parent, title: title(parent), depth: 0 });
    }
  }
  if (selected && !options.some(o => o.groupRef === selected)) {
    options.unshift({ groupRef: selected, title: title(selected), depth: 0 });
  }
  return options;
}
