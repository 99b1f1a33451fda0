import { CatalogReader } from './CachedCatalog';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { groupAndDescendants, readOrgView } from './OrgView';
import {
  ANNOTATION_TIME_ZONE,
  timeZoneSchema,
} from '@devops-insights/backstage-plugin-common';

const refOf = (entity: Entity) =>
  stringifyEntityRef(entity).toLocaleLowerCase('en-US');

/** What a team's rollup pools of the entities it owns. */
const OWNED_KINDS = new Set(['component', 'api', 'resource']);

const REF_FIELDS = ['kind', 'metadata.name', 'metadata.namespace'];

/**
 * Which entities' events a metric pools, per the kind of the entity asked
 * for. All catalog reads are made on behalf of the caller.
 */
export class ScopeResolver {
  constructor(private readonly catalog: CatalogReader) {}

  async resolve(
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
      case 'group': {
        const view = await readOrgView(this.catalog, credentials);
        const owned = new Set(
          groupAndDescendants(view, self).flatMap(
            group => view.ownedBy.get(group) ?? [],
          ),
        );
        return [...owned]
          .filter(ref => OWNED_KINDS.has(ref.split(':')[0]))
          .sort();
      }
      default:
        return [self];
    }
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

  /**
   * The groups that own the scope: a Group and its descendants for a Group
   * scope, else the owners of the scope's entities. Users owning entities
   * directly are returned too; they count as members of themselves.
   */
  async owningGroups(
    entity: Entity,
    scope: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const view = await readOrgView(this.catalog, credentials);
    if (entity.kind.toLocaleLowerCase('en-US') === 'group') {
      return groupAndDescendants(view, refOf(entity));
    }
    const unseen = scope.filter(ref => !view.entities.has(ref));
    const { items } = unseen.length
      ? await this.catalog.getEntitiesByRefs(
          { entityRefs: unseen, fields: ['relations'] },
          { credentials },
        )
      : { items: [] };
    const owners = new Set<string>();
    for (const item of [
      ...scope.map(ref => view.entities.get(ref)),
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

  /** Distinct users who are members of the owners (or are owners themselves). */
  async members(
    owners: string[],
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const view = await readOrgView(this.catalog, credentials);
    const users = new Set(owners.filter(ref => ref.startsWith('user:')));
    for (const group of owners.filter(ref => ref.startsWith('group:'))) {
      for (const member of view.membersOf.get(group) ?? []) {
        if (member.startsWith('user:')) users.add(member);
      }
    }
    return [...users].sort();
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
