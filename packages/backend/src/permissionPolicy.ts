import {
  createBackendModule,
  coreServices,
} from '@backstage/backend-plugin-api';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { devopsInsightsToilReportPermission } from '@devops-insights/backstage-plugin-common';

/**
 * The demo's permission policy: allow everything, or, with
 * `permission.demoPolicy: owners-report-toil` (the end-to-end tests' config),
 * allow everything but reporting toil, which only an entity's owners may
 * (the catalog's IS_ENTITY_OWNER). The guest owns nothing, so the Toil tab
 * offers it no Report toil.
 */
class DemoPermissionPolicy implements PermissionPolicy {
  constructor(private readonly ownersReportToil: boolean) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (
      this.ownersReportToil &&
      isPermission(request.permission, devopsInsightsToilReportPermission)
    ) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: user?.info.ownershipEntityRefs ?? [],
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

export default createBackendModule({
  pluginId: 'permission',
  moduleId: 'demo-policy',
  register(reg) {
    reg.registerInit({
      deps: { config: coreServices.rootConfig, policy: policyExtensionPoint },
      async init({ config, policy }) {
        const name = config.getOptionalString('permission.demoPolicy');
        if (name !== undefined && name !== 'owners-report-toil') {
          throw new Error(
            `permission.demoPolicy must be 'owners-report-toil' or absent, got '${name}'`,
          );
        }
        policy.setPolicy(
          new DemoPermissionPolicy(name === 'owners-report-toil'),
        );
      },
    });
  },
});
