import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';

/**
 * Comma-separated environment names that are production for this entity.
 * @public
 */
export const ANNOTATION_PRODUCTION_ENVIRONMENTS =
  'devops-insights.io/production-environments';

/**
 * The entity's `devops-insights.io/production-environments`, trimmed and
 * lower-cased; undefined when the annotation is absent.
 * @public
 */
export function productionEnvironmentsOf(entity: Entity): string[] | undefined {
  const value =
    entity.metadata.annotations?.[ANNOTATION_PRODUCTION_ENVIRONMENTS];
  return value
    ? value
        .split(',')
        .map(e => e.trim().toLocaleLowerCase('en-US'))
        .filter(Boolean)
    : undefined;
}

/**
 * The catalog entities that carry `annotation`, with exactly `value` when
 * given, read with the plugin's own service credentials.
 * @public
 */
export async function findAnnotatedEntities(
  deps: { catalog: CatalogService; auth: AuthService },
  annotation: string,
  value?: string,
): Promise<Entity[]> {
  const credentials = await deps.auth.getOwnServiceCredentials();
  const { items } = await deps.catalog.getEntities(
    {
      filter: {
        [`metadata.annotations.${annotation}`]: value ?? CATALOG_FILTER_EXISTS,
      },
    },
    { credentials },
  );
  return items;
}

/**
 * One target per key (a repository, a project), sorted by key: event ids
 * are per target, so when several entities name the same one, the first by
 * entity ref wins and the others are logged. The same entity found twice
 * counts once.
 * @public
 */
export function oneTargetPerKey<T extends { entityRef: string }>(
  targets: T[],
  options: { keyOf(target: NoInfer<T>): string; logger: LoggerService },
): T[] {
  const byKey = new Map<string, T[]>();
  for (const t of targets) {
    const key = options.keyOf(t);
    const list = byKey.get(key) ?? [];
    if (!list.some(x => x.entityRef === t.entityRef)) list.push(t);
    byKey.set(key, list);
  }
  return [...byKey.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, list]) => {
      list.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
      if (list.length > 1) {
        options.logger.warn(
          `${key} is annotated by several entities; its events go to ${
            list[0].entityRef
          }, not ${list
            .slice(1)
            .map(t => t.entityRef)
            .join(', ')}`,
        );
      }
      return list[0];
    });
}
