import {
  ApiBlueprint,
  createFrontendPlugin,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { discoveryApiRef, fetchApiRef } from '@backstage/core-plugin-api';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Content } from '@backstage/core-components';
import TrendingUp from '@material-ui/icons/TrendingUp';
import { createElement } from 'react';
import { DevopsInsightsClient, devopsInsightsApiRef } from './api';
import { rootRouteRef } from './routes';

/**
 * The catalog's default content group the three tabs declare, so an app
 * that groups entity content shows them together (under Observability).
 */
const ENTITY_CONTENT_GROUP = 'observability';

/** Kinds whose pages get the tabs; lower case, as filters compare them. */
const ENTITY_KINDS = [
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
    group: ENTITY_CONTENT_GROUP,
    filter: { kind: { $in: ENTITY_KINDS } },
    loader: () =>
      import('./components/DoraTab').then(m => createElement(m.DoraTab)),
  },
});

/** @alpha */
export const entityToilContent = EntityContentBlueprint.make({
  name: 'toil',
  params: {
    path: '/toil',
    title: 'Toil',
    group: ENTITY_CONTENT_GROUP,
    filter: { kind: { $in: ENTITY_KINDS } },
    loader: () =>
      import('./components/ToilTab').then(m => createElement(m.ToilTab)),
  },
});

/** @alpha */
export const entityOnCallContent = EntityContentBlueprint.make({
  name: 'oncall',
  params: {
    path: '/oncall',
    title: 'On-call',
    group: ENTITY_CONTENT_GROUP,
    filter: { kind: { $in: ENTITY_KINDS } },
    loader: () =>
      import('./components/OnCallTab').then(m => createElement(m.OnCallTab)),
  },
});

/**
 * The leadership page at `/devops-insights`. The app's nav (plugin-app 0.5)
 * lists every page that has a route ref, a title and an icon, so these three
 * params are what puts it in the sidebar; there is no separate nav item.
 * @alpha
 */
export const devopsInsightsPage = PageBlueprint.make({
  params: {
    path: '/devops-insights',
    title: 'DevOps Insights',
    routeRef: rootRouteRef,
    icon: createElement(TrendingUp, { fontSize: 'inherit' }),
    loader: () =>
      import('./components/LeadershipPage').then(m =>
        // The app's page layout draws the header but no `main` landmark
        // (entity pages have one), so the page brings its own.
        createElement(
          'main',
          null,
          createElement(Content, null, createElement(m.LeadershipPage)),
        ),
      ),
  },
});

/**
 * DevOps Insights for apps on the new frontend system: add the package to
 * the app's features and the DORA, Toil and On-call tabs appear on entity
 * pages, and the leadership page in the sidebar.
 * @alpha
 */
export default createFrontendPlugin({
  pluginId: 'devops-insights',
  title: 'DevOps Insights',
  info: { packageJson: () => import('../package.json') },
  routes: { root: rootRouteRef },
  extensions: [
    devopsInsightsApi,
    devopsInsightsPage,
    entityDoraContent,
    entityToilContent,
    entityOnCallContent,
  ],
});
