import {
  createApiFactory,
  createPlugin,
  createRoutableExtension,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { DevopsInsightsClient, devopsInsightsApiRef } from './api';
import {
  doraRouteRef,
  onCallRouteRef,
  rootRouteRef,
  toilRouteRef,
} from './routes';

/**
 * The DevOps Insights plugin for apps on the legacy frontend system.
 * New-frontend-system apps install the default export of `./alpha` instead.
 * @public
 */
export const devopsInsightsPlugin = createPlugin({
  id: 'devops-insights',
  apis: [
    createApiFactory({
      api: devopsInsightsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new DevopsInsightsClient({ discoveryApi, fetchApi }),
    }),
  ],
  routes: {
    root: rootRouteRef,
    dora: doraRouteRef,
    toil: toilRouteRef,
    oncall: onCallRouteRef,
  },
});

/**
 * The DORA tab, for an `EntityLayout.Route` of a legacy entity page.
 * @public
 */
export const EntityDoraContent: () => JSX.Element = devopsInsightsPlugin.provide(
  createRoutableExtension({
    name: 'EntityDoraContent',
    component: () => import('./components/DoraTab').then(m => m.DoraTab),
    mountPoint: doraRouteRef,
  }),
);

/**
 * The Toil tab, for an `EntityLayout.Route` of a legacy entity page.
 * @public
 */
export const EntityToilContent: () => JSX.Element = devopsInsightsPlugin.provide(
  createRoutableExtension({
    name: 'EntityToilContent',
    component: () => import('./components/ToilTab').then(m => m.ToilTab),
    mountPoint: toilRouteRef,
  }),
);

/**
 * The On-call tab, for an `EntityLayout.Route` of a legacy entity page.
 * @public
 */
export const EntityOnCallContent: () => JSX.Element = devopsInsightsPlugin.provide(
  createRoutableExtension({
    name: 'EntityOnCallContent',
    component: () => import('./components/OnCallTab').then(m => m.OnCallTab),
    mountPoint: onCallRouteRef,
  }),
);

/**
 * The leadership page (every team side by side), for a route of a legacy
 * app, e.g. `<Route path="/devops-insights" element={<DevopsInsightsPage />} />`.
 * @public
 */
export const DevopsInsightsPage: () => JSX.Element = devopsInsightsPlugin.provide(
  createRoutableExtension({
    name: 'DevopsInsightsPage',
    component: () =>
      import('./components/LeadershipPage').then(
        m => m.DevopsInsightsPageContent,
      ),
    mountPoint: rootRouteRef,
  }),
);
