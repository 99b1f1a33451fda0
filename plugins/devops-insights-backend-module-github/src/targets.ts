import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  AnnotatedTargetResolver,
  CatalogDeps,
  configuredHostOr,
  productionEnvironmentsOf,
  ScmHosts,
  scmTargetKey,
} from '@devops-insights/backstage-plugin-node';
import { RepoTarget } from './types';

/** The standard annotation entities already carry. @public */
export const ANNOTATION_GITHUB_PROJECT_SLUG = 'github.com/project-slug';
/**
 * Workflow file (e.g. `deploy.yml`) whose successful default-branch runs are production deployments.
 *
 * @public
 */
export const ANNOTATION_GITHUB_DEPLOYMENT_WORKFLOW =
  'devops-insights.io/github-deployment-workflow';

const SOURCE_LOCATION = 'backstage.io/source-location';

/**
 * Reads an entity's opt-in. The host comes from its source location when
 * that is a configured GitHub host (GitHub Enterprise), else `defaultHost`.
 */
export function targetFromEntity(
  entity: Entity,
  options: ScmHosts,
): RepoTarget | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim();
  const match = slug?.match(/^([^/\s]+)\/([^/\s]+)$/);
  if (!match) return undefined;
  const environments = productionEnvironmentsOf(entity);
  const workflow = annotations[ANNOTATION_GITHUB_DEPLOYMENT_WORKFLOW]?.trim();
  return {
    host: configuredHostOr(hostOf(annotations[SOURCE_LOCATION]), options),
    owner: match[1],
    repo: match[2].replace(/\.git$/, ''),
    entityRef: stringifyEntityRef(entity),
    ...(environments ? { productionEnvironments: environments } : {}),
    ...(workflow ? { deploymentWorkflow: workflow } : {}),
  };
}

/** The host of a `url:` source location; undefined when it is none. */
function hostOf(location: string | undefined) {
  const url = location?.replace(/^url:/, '');
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined; // not a URL: the default host applies
  }
}

export const targetKey = (t: Pick<RepoTarget, 'host' | 'owner' | 'repo'>) =>
  scmTargetKey(t.host, `${t.owner}/${t.repo}`);

/**
 * Finds the opted-in entities in the catalog. One repository maps to one
 * entity (event ids are per repository): when several entities name the
 * same slug, the first by entity ref wins and the others are logged.
 */
export class TargetResolver extends AnnotatedTargetResolver<RepoTarget> {
  constructor(deps: CatalogDeps & ScmHosts) {
    super({
      ...deps,
      annotations: [ANNOTATION_GITHUB_PROJECT_SLUG],
      targetOf: entity => targetFromEntity(entity, deps),
      keyOf: targetKey,
    });
  }

  /** The target of a webhook's `repository.full_name`. */
  async forRepository(fullName: string): Promise<RepoTarget | undefined> {
    const key = fullName.toLocaleLowerCase('en-US');
    const targets = await this.find({
      [ANNOTATION_GITHUB_PROJECT_SLUG]: fullName,
    });
    return targets.find(
      t => `${t.owner}/${t.repo}`.toLocaleLowerCase('en-US') === key,
    );
  }
}
