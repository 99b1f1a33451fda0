import { DeploymentEvent } from '@devops-insights/backstage-plugin-common';
import { ScmTarget } from './scmTarget';

/**
 * A deployment as a source builds it: `production` may be left out, for
 * the backend to decide from `devopsInsights.productionEnvironments`.
 * @public
 */
export type DeploymentInput = Omit<DeploymentEvent, 'production'> & {
  production?: boolean;
};

/**
 * One change a deployment shipped (a pull or merge request, a commit).
 * @public
 */
export type DeploymentChange = NonNullable<DeploymentEvent['changes']>[number];

/**
 * Whether the entity's `devops-insights.io/production-environments` names
 * `environment`; undefined when the entity has no such annotation, so that
 * what the provider says (a flag, a tier) decides.
 * @public
 */
export function annotatedProduction(
  target: Pick<ScmTarget, 'productionEnvironments'>,
  environment: string,
): boolean | undefined {
  return target.productionEnvironments?.includes(
    environment.toLocaleLowerCase('en-US'),
  );
}

/**
 * Whether a deployment is production: as it says, else by the backend's
 * `devopsInsights.productionEnvironments` (lower-cased).
 * @public
 */
export function isProductionDeployment(
  event: Pick<DeploymentInput, 'production' | 'environment'>,
  productionEnvironments: string[],
): boolean {
  return (
    event.production ??
    productionEnvironments.includes(
      event.environment.toLocaleLowerCase('en-US'),
    )
  );
}
