import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy `EntityDoraContent` is mounted in an entity page. */
export const doraRouteRef = createRouteRef({ id: 'devops-insights:dora' });
