import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  RELATION_MEMBER_OF,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { appendTo } from '@devops-insights/backstage-plugin-common';
import { CatalogReader } from './CachedCatalog';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/** The kinds a team's scope, ownership and membership are made of. */
const ORG_KINDS = ['group', 'user', 'component', 'api', 'resource'];
const FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  // Goal annotations of groups apply to what they own (goalSources.ts).
  'metadata.annotations',
  'spec.profile',
  'relations',
];

/**
 * Groups, users and the entities teams own, as one caller sees them, indexed
 * by the relations metrics follow. Read in one catalog request, which
 * CachedCatalog keeps for 30 s per caller, so resolving a team's scope or a
 * service's owners costs no catalog round trip per request.
 */
export type OrgView = {
  /** Entities of the org kinds by lower-case ref, with only FIELDS read. */
  entities: Map<string, Entity>;
  /** Group → its direct child groups. */
  childrenOf: Map<string, string[]>;
  /** Owner (group or user) → the entities it owns. */
  ownedBy: Map<string, string[]>;
  /** Group → its direct members. */
  membersOf: Map<string, string[]>;
  /** Every group, with how the rollup names and nests it. */
  groups: Map<string, GroupInfo>;
};

export type GroupInfo = {
  /** `spec.profile.displayName`, else `metadata.title`, else the name. */
  title: string;
  /** The first group it is a `childOf`, if any. */
  parentRef: string | null;
};

/** Views built from one catalog answer; a new answer builds a new view. */
const views = new WeakMap<object, OrgView>();

export async function readOrgView(
  catalog: CatalogReader,
  credentials: BackstageCredentials,
): Promise<OrgView> {
  const response = await catalog.getEntities(
    { filter: { kind: ORG_KINDS }, fields: FIELDS },
    { credentials },
  );
  let view = views.get(response);
  if (!view) {
    view = buildView(response.items);
    views.set(response, view);
  }
  return view;
}

function buildView(items: Entity[]): OrgView {
  const view: OrgView = {
    entities: new Map(),
    childrenOf: new Map(),
    ownedBy: new Map(),
    membersOf: new Map(),
    groups: new Map(),
  };
  for (const entity of items) {
    // The in-memory catalog of tests ignores kind arrays; filter here too.
    if (!ORG_KINDS.includes(lower(entity.kind))) continue;
    const ref = lower(stringifyEntityRef(entity));
    view.entities.set(ref, entity);
    let parentRef: string | null = null;
    for (const relation of entity.relations ?? []) {
      const target = lower(relation.targetRef);
      if (relation.type === RELATION_CHILD_OF) {
        parentRef ??= target;
        appendTo(view.childrenOf, target, ref);
      } else if (relation.type === RELATION_OWNED_BY) {
        appendTo(view.ownedBy, target, ref);
      } else if (relation.type === RELATION_MEMBER_OF) {
        appendTo(view.membersOf, target, ref);
      }
    }
    if (lower(entity.kind) === 'group') {
      const profile = (entity.spec?.profile ?? {}) as { displayName?: string };
      view.groups.set(ref, {
        title:
          profile.displayName ?? entity.metadata.title ?? entity.metadata.name,
        parentRef,
      });
    }
  }
  return view;
}

/** The group and every group below it through `childOf`, the group first. */
export function groupAndDescendants(view: OrgView, groupRef: string): string[] {
  const result = new Set<string>([groupRef]);
  const queue = [groupRef];
  while (queue.length) {
    for (const child of view.childrenOf.get(queue.shift()!) ?? []) {
      if (!result.has(child)) {
        result.add(child);
        queue.push(child);
      }
    }
  }
  return [...result];
}
