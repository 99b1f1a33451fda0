import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AnnotatedTargetResolver,
  CatalogDeps,
  configuredHostOr,
  productionEnvironmentsOf,
  ScmHosts,
  scmTargetKey,
} from '@devops-insights/backstage-plugin-node';
import { ProjectTarget } from './types';

/** The standard annotation entities already carry. @public */
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
  options: ScmHosts,
): ProjectTarget | undefined {
  const a = entity.metadata.annotations ?? {};
  const project = (
    a[ANNOTATION_GITLAB_PROJECT_SLUG] ?? a[ANNOTATION_GITLAB_PROJECT_ID]
  )?.trim();
  if (!project) return undefined;
  const environments = productionEnvironmentsOf(entity);
  return {
    host: configuredHostOr(a[ANNOTATION_GITLAB_INSTANCE]?.trim(), options),
    project,
    entityRef: stringifyEntityRef(entity),
    ...(environments ? { productionEnvironments: environments } : {}),
  };
}

export const targetKey = (t: { host: string; project: string }) =>
  scmTargetKey(t.host, t.project);

/**
 * Finds the opted-in entities, by slug or by id. One project maps to one
 * entity (event ids are per project): with several, the first by entity
 * ref wins, the rest are logged.
 */
export class TargetResolver extends AnnotatedTargetResolver<ProjectTarget> {
  constructor(deps: CatalogDeps & ScmHosts) {
    super({
      ...deps,
      annotations: [
        ANNOTATION_GITLAB_PROJECT_SLUG,
        ANNOTATION_GITLAB_PROJECT_ID,
      ],
      targetOf: entity => targetFromEntity(entity, deps),
      keyOf: targetKey,
    });
  }

  /** The target a webhook's project belongs to, by path or by id. */
  async forProject(project: {
    id: number;
    path_with_namespace: string;
    host: string;
  }) {
    const targets = await this.find({
      [ANNOTATION_GITLAB_PROJECT_SLUG]: project.path_with_namespace,
      [ANNOTATION_GITLAB_PROJECT_ID]: String(project.id),
    });
    return targets.find(t => t.host === project.host);
  }
}
