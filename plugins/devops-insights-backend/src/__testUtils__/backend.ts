import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { BackendFeature } from '@backstage/backend-plugin-api';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { Entity } from '@backstage/catalog-model';
import { devopsInsightsPlugin } from '../plugin';
import { testCatalog } from './catalog';

/**
 * The plugin in a test backend over the test catalog. Requests without an
 * Authorization header are unauthenticated; `deny` makes every permission
 * check fail.
 */
export async function startPluginBackend(
  options: {
    deny?: boolean;
    features?: BackendFeature[];
    /** Instead of the test catalog. */
    entities?: Entity[];
  } = {},
) {
  const { server } = await startTestBackend({
    features: [
      devopsInsightsPlugin,
      catalogServiceMock.factory({
        entities: options.entities ?? testCatalog,
      }),
      mockServices.httpAuth.factory({
        defaultCredentials: mockCredentials.none(),
      }),
      ...(options.deny
        ? [mockServices.permissions.factory({ result: AuthorizeResult.DENY })]
        : []),
      ...(options.features ?? []),
    ],
  });
  return server;
}
