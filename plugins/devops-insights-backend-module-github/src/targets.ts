import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_PRODUCTION_ENVIRONMENTS,
  findAnnotatedEntities,
  oneTargetPerKey,
  productionEnvironmentsOf,
} from '@devops-insights/backstage-plugin-node';
import { RepoTarget } from './types';

export { ANNOTATION_PRODUCTION_ENVIRONMENTS };

/**
 * The standard annotation entities already carry.
 *
 * @public
 */
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
  options: { hosts: string[]; defaultHost: string },
): RepoTarget | undefined {
  const annotations = entity.metadata.annotations ?? {};
  const slug = annotations[ANNOTATION_GITHUB_PROJECT_SLUG]?.trim();
  const match = slug?.match(/^([^/\s]+)\/([^/\s]+)$/);
  if (!match) return undefined;
  const environments = productionEnvironmentsOf(entity);
  const workflow = annotations[ANNOTATION_GITHUB_DEPLOYMENT_WORKFLOW]?.trim();
  return {
    host: hostOf(annotations[SOURCE_LOCATION], options),
    owner: match[1],
    repo: match[2].replace(/\.git$/, ''),
    entityRef: stringifyEntityRef(entity),
    ...(environments ? { productionEnvironments: environments } : {}),
    ...(workflow ? { deploymentWorkflow: workflow } : {}),
  };
}

function hostOf(
  location: string | undefined,
  options: { hosts: string[]; defaultHost: string },
) {
  const url = location?.replace(/^url:/, '');
  try {
    const host = url ? new URL(url).host : undefined;
    if (host && options.hosts.includes(host)) return host;
  } catch {
    // not a URL: fall through to the default host
  }
  return options.defaultHost;
}

export const targetKey = (t: Pick<RepoTarget, 'host' | 'owner' | 'repo'>) =>
  `${t.host}/${t.owner}/${t.repo}`.toLocaleLowerCase('en-US');

/**
 * Finds the opted-in entities in the catalog. One repository maps to one
 * entity (event ids are per repository): when several entities name the
 * same slug, the first by entity ref wins and the others are logged.
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

  async list(): Promise<RepoTarget[]> {
    return this.query();
  }

  /** The target of a webhook's `repository.full_name`. */
  async forRepository(fullName: string): Promise<RepoTarget | undefined> {
    const key = fullName.toLocaleLowerCase('en-US');
    const targets = await this.query(fullName);
    return targets.find(
      t => `${t.owner}/${t.repo}`.toLocaleLowerCase('en-US') === key,
    );
  }

  private async query(value?: string) {
    const entities = await findAnnotatedEntities(
      this.deps,
      ANNOTATION_GITHUB_PROJECT_SLUG,
      value,
    );
    return oneTargetPerKey(
      entities
        .map(entity => targetFromEntity(entity, this.deps))
        .filter((t): t is RepoTarget => !!t),
      { keyOf: targetKey, logger: this.deps.logger },
    );
  }
}
