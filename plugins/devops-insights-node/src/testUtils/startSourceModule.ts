import { BackendFeature } from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  DevopsInsightsSource,
  devopsInsightsSourcesExtensionPoint,
} from '@devops-insights/backstage-plugin-node';

/**
 * Starts a test backend with one source module, the given root config, a
 * mock logger and an empty mock catalog; the sources extension point records
 * the sources the module adds. Stop the returned backend after the test.
 * @public
 */
export async function startSourceModule(
  module: BackendFeature,
  config: Record<string, unknown>,
) {
  const addSource = jest.fn<void, [DevopsInsightsSource]>();
  const logger = mockServices.logger.mock();
  const backend = await startTestBackend({
    extensionPoints: [[devopsInsightsSourcesExtensionPoint, { addSource }]],
    features: [
      module,
      mockServices.rootConfig.factory({ data: config as any }),
      logger.factory,
      catalogServiceMock.factory(),
    ],
  });
  return { addSource, logger, backend };
}
