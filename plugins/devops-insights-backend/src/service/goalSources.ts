import { Entity, RELATION_OWNED_BY } from '@backstage/catalog-model';
import {
  digestChoice,
  GOAL_DIGEST_ANNOTATION,
  GoalDefaults,
  GoalSource,
  ResolvedGoals,
  resolveGoals,
} from '@devops-insights/backstage-plugin-common';
import { OrgView } from './OrgView';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * A group and its parents upwards through `childOf` (the first parent of
 * each, as the rollup nests them), each once whatever cycles the catalog
 * holds.
 */
function groupChain(view: OrgView, groupRef: string): GoalSource[] {
  const chain: GoalSource[] = [];
  const seen = new Set<string>();
  for (
    let ref: string | null = groupRef;
    ref && !seen.has(ref);
    ref = view.groups.get(ref)?.parentRef ?? null
  ) {
    seen.add(ref);
    chain.push({
      ref,
      kind: 'group',
      annotations: view.entities.get(ref)?.metadata.annotations ?? {},
    });
  }
  return chain;
}

/**
 * Where the goals of an entity's figures come from, nearest first: a Group
 * and its parents; any other entity, then the group owning it and that
 * group's parents (a team's goals apply to its services unless they set
 * their own).
 */
export function goalSourcesOf(
  view: OrgView,
  ref: string,
  entity: Entity,
): GoalSource[] {
  if (lower(entity.kind) === 'group') return groupChain(view, ref);
  const owner = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => lower(r.targetRef))
    .find(target => view.groups.has(target));
  return [
    { ref, kind: 'entity', annotations: entity.metadata.annotations ?? {} },
    ...(owner ? groupChain(view, owner) : []),
  ];
}

/** The goals of an entity's figures: its sources resolved over the config defaults. */
export function goalsOfEntity(
  view: OrgView,
  ref: string,
  entity: Entity,
  defaults: GoalDefaults,
): ResolvedGoals {
  return resolveGoals(goalSourcesOf(view, ref, entity), defaults);
}

/** The goals of a team's figures (its group's, its parents', config's). */
export function goalsOfGroup(
  view: OrgView,
  groupRef: string,
  defaults: GoalDefaults,
): ResolvedGoals {
  return resolveGoals(groupChain(view, groupRef), defaults);
}

/**
 * The groups that get the weekly digest: every group when config says so,
 * except those whose annotation opts out, and those whose annotation opts
 * in; with the groups whose annotation could not be read.
 */
export function digestRecipients(
  view: OrgView,
  forAll: boolean,
): { groups: Set<string>; problems: Array<{ ref: string; message: string }> } {
  const groups = new Set<string>();
  const problems: Array<{ ref: string; message: string }> = [];
  for (const ref of view.groups.keys()) {
    const annotation =
      view.entities.get(ref)?.metadata.annotations?.[GOAL_DIGEST_ANNOTATION];
    const { digest, problem } = digestChoice(forAll, annotation);
    if (digest) groups.add(ref);
    if (problem) problems.push({ ref, message: problem });
  }
  return { groups, problems };
}
