import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_CHILD_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

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
  constructor(private readonly catalog: CatalogService) {}

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
        const groups = await this.groupAndDescendants(self, credentials);
        const owned = await this.entities(
          { 'relations.ownedBy': groups },
          credentials,
        );
        return owned.filter(ref => OWNED_KINDS.has(ref.split(':')[0]));
      }
      default:
        return [self];
    }
  }

  /** The group itself and every group below it through `childOf`. */
  async groupAndDescendants(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<string[]> {
    const { items } = await this.catalog.getEntities(
      { filter: { kind: 'group' }, fields: [...REF_FIELDS, 'relations'] },
      { credentials },
    );
    const children = new Map<string, string[]>();
    for (const group of items) {
      for (const relation of group.relations ?? []) {
        if (relation.type !== RELATION_CHILD_OF) continue;
        const parent = relation.targetRef.toLocaleLowerCase('en-US');
        children.set(parent, [...(children.get(parent) ?? []), refOf(group)]);
      }
    }
    const result = new Set<string>([groupRef]);
    const queue = [groupRef];
    while (queue.length) {
      for (const child of children.get(queue.shift()!) ?? []) {
        if (!result.has(child)) {
          result.add(child);
          queue.push(child);
        }
      }
    }
    return [...result];
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
