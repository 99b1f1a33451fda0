import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { ProjectTarget } from './types';

export const ANNOTATION_GITLAB_PROJECT_SLUG = 'gitlab.com/project-slug';
export const ANNOTATION_GITLAB_PROJECT_ID = 'gitlab.com/project-id';
/** Host of the GitLab integration when there are several. */
export const ANNOTATION_GITLAB_INSTANCE = 'gitlab.com/instance';
/** Comma-separated environment names that are production for this entity. */
export const ANNOTATION_PRODUCTION_ENVIRONMENTS =
  'devops-insights.io/production-environments';

/** The entity's opt-in; the slug wins over the id when both are given. */
export function targetFromEntity(
  entity: Entity,
  options: { hosts: string[]; defaultHost: string },
): ProjectTarget | undefined {
  const a = entity.metadata.annotations ?? {};
  const project = (
    a[ANNOTATION_GITLAB_PROJECT_SLUG] ?? a[ANNOTATION_GITLAB_PROJECT_ID]
  )?.trim();
  if (!project) return undefined;
  const instance = a[ANNOTATION_GITLAB_INSTANCE]?.trim();
  const environments = a[ANNOTATION_PRODUCTION_ENVIRONMENTS];
  return {
    host:
      instance && options.hosts.includes(instance)
        ? instance
        : options.defaultHost,
    project,
    entityRef: stringifyEntityRef(entity),
    ...(environments
      ? {
          productionEnvironments: environments
            .split(',')
            .map(e => e.trim().toLocaleLowerCase('en-US'))
            .filter(Boolean),
        }
      : {}),
  };
}

export const targetKey = (t: { host: string; project: string }) =>
  `${t.host}/${t.project}`.toLocaleLowerCase('en-US');

/**
 * Finds the opted-in entities. One project maps to one entity (event ids are
 * per project): with several, the first by entity ref wins, the rest are logged.
 */
export class TargetResolver {
  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      hosts: string[];
      defaultHost: string;
    },
  ) {}

  async list(): Promise<ProjectTarget[]> {
    const [bySlug, byId] = await Promise.all([
      this.query(ANNOTATION_GITLAB_PROJECT_SLUG, CATALOG_FILTER_EXISTS),
      this.query(ANNOTATION_GITLAB_PROJECT_ID, CATALOG_FILTER_EXISTS),
    ]);
    return this.unique([...bySlug, ...byId]);
  }

  /** The target a webhook's project belongs to, by path or by id. */
  async forProject(project: {
    id: number;
    path_with_namespace: string;
    host: string;
  }) {
    const [bySlug, byId] = await Promise.all([
      this.query(ANNOTATION_GITLAB_PROJECT_SLUG, project.path_with_namespace),
      this.query(ANNOTATION_GITLAB_PROJECT_ID, String(project.id)),
    ]);
    return this.unique([...bySlug, ...byId]).find(t => t.host === project.host);
  }

  private async query(
    annotation: string,
    value: string | typeof CATALOG_FILTER_EXISTS,
  ) {
    const credentials = await this.deps.auth.getOwnServiceCredentials();
    const { items } = await this.deps.catalog.getEntities(
      { filter: { [`metadata.annotations.${annotation}`]: value } },
      { credentials },
    );
    return items
      .map(e => targetFromEntity(e, this.deps))
      .filter((t): t is ProjectTarget => !!t);
  }

  private unique(targets: ProjectTarget[]) {
    const byKey = new Map<string, ProjectTarget[]>();
    for (const t of targets) {
      const list = byKey.get(targetKey(t)) ?? [];
      if (!list.some(x => x.entityRef === t.entityRef)) list.push(t);
      byKey.set(targetKey(t), list);
    }
    return [...byKey.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([key, list]) => {
        list.sort((a, b) => a.entityRef.localeCompare(b.entityRef));
        if (list.length > 1) {
          this.deps.logger.warn(
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
}
