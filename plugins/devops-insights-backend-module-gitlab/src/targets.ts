import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_PRODUCTION_ENVIRONMENTS,
  findAnnotatedEntities,
  oneTargetPerKey,
  productionEnvironmentsOf,
} from '@devops-insights/backstage-plugin-node';
import { ProjectTarget } from './types';

export { ANNOTATION_PRODUCTION_ENVIRONMENTS };

/** @public */
export const ANNOTATION_GITLAB_PROJECT_SLUG = 'gitlab.com/project-slug';
/** @public */
export const ANNOTATION_GITLAB_PROJECT_ID = 'gitlab.com/project-id';
/**
 * Host of the GitLab integration when there are several.
 *
 * @public
 */
export const ANNOTATION_GITLAB_INSTANCE = 'gitlab.com/instance';

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
  const environments = productionEnvironmentsOf(entity);
  return {
    host:
      instance && options.hosts.includes(instance)
        ? instance
        : options.defaultHost,
    project,
    entityRef: stringifyEntityRef(entity),
    ...(environments ? { productionEnvironments: environments } : {}),
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
      this.query(ANNOTATION_GITLAB_PROJECT_SLUG),
      this.query(ANNOTATION_GITLAB_PROJECT_ID),
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

  private async query(annotation: string, value?: string) {
    const entities = await findAnnotatedEntities(this.deps, annotation, value);
    return entities
      .map(e => targetFromEntity(e, this.deps))
      .filter((t): t is ProjectTarget => !!t);
  }

  private unique(targets: ProjectTarget[]) {
    return oneTargetPerKey(targets, {
      keyOf: targetKey,
      logger: this.deps.logger,
    });
  }
}
