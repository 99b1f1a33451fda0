import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { findAnnotatedEntities, oneTargetPerKey } from './annotatedEntities';

/**
 * What reading the catalog takes: the plugin's own credentials and a logger.
 * @public
 */
export type CatalogDeps = {
  catalog: CatalogService;
  auth: AuthService;
  logger: LoggerService;
};

/**
 * Finds a source's targets (repositories, projects) in the catalog: the
 * entities carrying any of `annotations`, each read by `targetOf`, one
 * target per key ({@link oneTargetPerKey}: the first by entity ref wins,
 * the others are logged).
 * @public
 */
export class AnnotatedTargetResolver<T extends { entityRef: string }> {
  constructor(
    private readonly deps: CatalogDeps & {
      /** The opt-in annotations, e.g. a slug and an id; an entity needs one. */
      annotations: string[];
      /** The entity's target; undefined when its annotation is unusable. */
      targetOf(entity: Entity): T | undefined;
      keyOf(target: T): string;
    },
  ) {}

  /** The opt-in annotations. */
  get annotations(): string[] {
    return [...this.deps.annotations];
  }

  /** The target's key: one target per key. */
  keyOf(target: T): string {
    return this.deps.keyOf(target);
  }

  /** Every opted-in target. */
  async list(): Promise<T[]> {
    return this.query(this.deps.annotations.map(a => [a, undefined]));
  }

  /**
   * The targets of the entities whose annotation has exactly the given
   * value, e.g. what a webhook names; annotations left out are not asked.
   */
  async find(values: Record<string, string>): Promise<T[]> {
    return this.query(
      this.deps.annotations.filter(a => a in values).map(a => [a, values[a]]),
    );
  }

  private async query(filters: [string, string | undefined][]) {
    const found = await Promise.all(
      filters.map(([a, value]) => findAnnotatedEntities(this.deps, a, value)),
    );
    return oneTargetPerKey(
      found
        .flat()
        .map(entity => this.deps.targetOf(entity))
        .filter((t): t is T => !!t),
      { keyOf: this.deps.keyOf, logger: this.deps.logger },
    );
  }
}
