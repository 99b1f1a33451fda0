import {
  ApiBlueprint,
  createFrontendPlugin,
} from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { createElement } from 'react';
import { DevopsInsightsClient, devopsInsightsApiRef } from './api';

/** Kinds whose pages get the DORA tab; lower case, as filters compare them. */
const DORA_KINDS = [
  'component',
  'api',
  'resource',
  'system',
  'domain',
  'group',
];

/** @alpha */
export const devopsInsightsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: devopsInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DevopsInsightsClient({ discoveryApi, fetchApi }),
    }),
});

/** @alpha */
export const entityDoraContent = EntityContentBlueprint.make({
  name: 'dora',
  params: {
    path: '/dora',
    title: 'DORA',
    filter: { kind: { $in: DORA_KINDS } },
    loader: () =>
      import('./components/DoraTab').then(m => createElement(m.DoraTab)),
  },
});

/**
 * DevOps Insights for apps on the new frontend system: add the package to
 * the app's features and the DORA tab appears on entity pages.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'devops-insights',
  title: 'DevOps Insights',
  info: { packageJson: () => import('../package.json') },
  extensions: [devopsInsightsApi, entityDoraContent],
});
