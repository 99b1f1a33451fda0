import { Entity } from '@backstage/catalog-model';
import { createDevApp } from '@backstage/dev-utils';
import { CatalogEntityPage, catalogPlugin } from '@backstage/plugin-catalog';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { ReactNode } from 'react';
import {
  devopsInsightsPlugin,
  DevopsInsightsPage,
  EntityDoraContent,
  EntityOnCallContent,
  EntityToilContent,
} from '../src';

/**
 * The legacy-frontend-system dev app (`yarn start` in this package): the
 * package's index exports, mounted as a legacy app mounts them, against the
 * real backend at backend.baseUrl (`yarn start` at the repo root serves the
 * demo data). The entity page is a mock of the demo's checkout-service; the
 * tabs read its figures from the backend by its ref. The dev app's sign-in
 * page offers the guest, whom the demo backend's guest provider signs in.
 */
const checkoutService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout-service', namespace: 'default' },
  spec: {
    type: 'service',
    lifecycle: 'production',
    owner: 'group:default/payments',
  },
};

const onEntityPage = (tab: ReactNode) => (
  <EntityProvider entity={checkoutService}>{tab}</EntityProvider>
);

createDevApp()
  .registerPlugin(devopsInsightsPlugin)
  // The tabs link entity refs to the catalog's entity page, as in a real app.
  .registerPlugin(catalogPlugin)
  .addPage({
    path: '/catalog/:namespace/:kind/:name',
    element: <CatalogEntityPage />,
  })
  .addPage({
    path: '/dora',
    title: 'DORA',
    element: onEntityPage(<EntityDoraContent />),
  })
  .addPage({
    path: '/toil',
    title: 'Toil',
    element: onEntityPage(<EntityToilContent />),
  })
  .addPage({
    path: '/oncall',
    title: 'On-call',
    element: onEntityPage(<EntityOnCallContent />),
  })
  .addPage({
    path: '/devops-insights',
    title: 'Leadership',
    element: <DevopsInsightsPage />,
  })
  .render();
