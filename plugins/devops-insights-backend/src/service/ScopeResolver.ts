import { NotFoundError } from '@backstage/errors';
import { CatalogReader } from './CachedCatalog';
import { normalizeEntityRef } from './entityRefs';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { groupAndDescendants, OrgView, readOrgView } from './OrgView';
import {
  ANNOTATION_TIME_ZONE,
  timeZoneSchema,
} from '@devops-insights/backstage-plugin-common';

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

/** The kinds of owned entity a team's scope pools. */
const OWNED_KINDS = new Set(['component', 'api', 'resource']);

const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * What the figures of one entity, system, domain or group read, resolved once
 * per request (see docs/metrics.md for who counts for which kind).
 */
export type Scope = {
  /** Entities whose deployments and incidents pool, sorted. */
  entities: string[];
  /**
   * Whose pages, CI runs and toil reports count: the entities, and for a
   * Group also the group and its sub-groups themselves.
   */
  activityRefs: string[];
  /**
   * Groups owning the scope: a Group and its descendants (the group first),
   * else the groups owning its entities, sorted. Their shifts count.
   */
  owningGroups: string[];
  /**
   * Distinct users who are members of the owning groups, or own one of the
   * entities directly (they count as members of themselves); sorted.
   */
  members: string[];
};

/**
 * The scope of a group from the org view alone: the group and every group
 * below it (each once, whatever cycles the catalog holds), what they own and
 * who they are.
 */
export function groupScope(view: OrgView, groupRef: string): Scope {
  const groups = groupAndDescendants(view, groupRef);
  const entities = ownedEntities(view, groups);
  return {
    entities,
    activityRefs: [...new Set([...entities, ...groups])],
    owningGroups: groups,
    members: membersOf(view, groups),
  };
}

/** The entities of the pooled kinds any of the owners owns, each once, sorted. */
export function ownedEntities(view: OrgView, owners: string[]): string[] {
  const owned = new Set(owners.flatMap(owner => view.ownedBy.get(owner) ?? []));
  return [...owned].filter(ref => OWNED_KINDS.has(ref.split(':')[0])).sort();
}

/** Distinct users who are members of the owners (or are owners themselves). */
function membersOf(view: OrgView, owners: string[]): string[] {
  const users = new Set(owners.filter(ref => ref.startsWith('user:')));
  for (const group of owners.filter(ref => ref.startsWith('group:'))) {
    for (const member of view.membersOf.get(group) ?? []) {
      if (member.startsWith('user:')) users.add(member);
    }
  }
  return [...users].sort();
}

/**
 * Resolves the {@link Scope} of any entity. All catalog reads are made on
 * behalf of the caller: groups, users and owned entities come from the
 * caller's org view, a System's or Domain's parts from catalog queries.
 */
export class ScopeResolver {
  constructor(private readonly catalog: CatalogReader) {}

  async resolve(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<Scope> {
    const self = refOf(entity);
    const view = await readOrgView(this.catalog, credentials);
    if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
      return groupScope(view, self);
    }
    const entities = await this.entitiesOf(entity, credentials);
    const owners = await this.ownersOf(view, entities, credentials);
    return {
      entities,
      activityRefs: entities,
      owningGroups: owners.filter(ref => ref.startsWith('group:')),
      members: membersOf(view, owners),
    };
  }

  /**
   * The entity a request names, as the caller sees it (404 otherwise), with
   * its normalised ref and its scope.
   */
  async resolveRef(
    requestedRef: string,
    credentials: BackstageCredentials,
  ): Promise<{ ref: string; entity: Entity; scope: Scope }> {
    const ref = normalizeEntityRef(requestedRef);
    const entity = await this.entity(ref, credentials);
    if (!entity) throw new NotFoundError(`No entity ${ref}`);
    return { ref, entity, scope: await this.resolve(entity, credentials) };
  }

  /** The entity as the caller sees it, or undefined. */
  async entity(
    ref: string,
    credentials: BackstageCredentials,
  ): Promise<Entity | undefined> {
    const view = await readOrgView(this.catalog, credentials);
    return (
      view.entities.get(ref) ??
      (await this.catalog.getEntityByRef(ref, { credentials }))
    );
  }

  /** The time-zone annotation of each user that has one. */
  async userTimeZones(
    userRefs: string[],
    credentials: BackstageCredentials,
  ): Promise<Map<string, string>> {
    if (!userRefs.length) return new Map();
    const { items } = await this.catalog.getEntitiesByRefs(
      { entityRefs: userRefs, fields: [...REF_FIELDS, 'metadata.annotations'] },
      { credentials },
    );
    const zones = new Map<string, string>();
    for (const item of items) {
      const zone = item?.metadata.annotations?.[ANNOTATION_TIME_ZONE];
      // A misspelt zone falls back to the default rather than failing the tab.
      if (item && zone && timeZoneSchema.safeParse(zone).success) {
        zones.set(refOf(item), zone);
      }
    }
    return zones;
  }

  /** The entity itself; a System and its parts; a Domain's systems and theirs. */
  private async entitiesOf(
    entity: Entity,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const self = refOf(entity);
    switch (entity.kind.toLocaleLowerCase('en-US')) {
      case 'system':
        return [self, ...(await this.partsOf([self], credentials))];
      case 'domain': {
        const systems = await this.entities(
          { kind: 'system', 'relations.partOf': [self] },
          credentials,
        );
        return [...systems, ...(await this.partsOf(systems, credentials))];
      }
      default:
        return [self];
    }
  }

  /**
   * The owners (groups, and users owning an entity directly) of the
   * entities, sorted; entities outside the org view are read by ref.
   */
  private async ownersOf(
    view: OrgView,
    entities: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const unseen = entities.filter(ref => !view.entities.has(ref));
    const { items } = unseen.length
      ? await this.catalog.getEntitiesByRefs(
          { entityRefs: unseen, fields: ['relations'] },
          { credentials },
        )
      : { items: [] };
    const owners = new Set<string>();
    for (const item of [
      ...entities.map(ref => view.entities.get(ref)),
      ...items,
    ]) {
      for (const relation of item?.relations ?? []) {
        if (relation.type === RELATION_OWNED_BY) {
          owners.add(relation.targetRef.toLocaleLowerCase('en-US'));
        }
      }
    }
    return [...owners].sort();
  }

  private async partsOf(refs: string[], credentials: BackstageCredentials) {
    if (!refs.length) return [];
    return this.entities({ 'relations.partOf': refs }, credentials);
  }

  private async entities(
    filter: Record<string, string | string[]>,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      { filter, fields: REF_FIELDS },
      { credentials },
    );
    return items.map(refOf).sort();
  }
}
