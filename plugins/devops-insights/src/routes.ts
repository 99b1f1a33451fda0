import { createRouteRef } from '@backstage/core-plugin-api';

/** Where the legacy `EntityDoraContent` is mounted in an entity page. */
export const doraRouteRef = createRouteRef({ id: 'devops-insights:dora' });

/** Where the legacy `EntityToilContent` is mounted in an entity page. */
export const toilRouteRef = createRouteRef({ id: 'devops-insights:toil' });

/** Where the legacy `EntityOnCallContent` is mounted in an entity page. */
export const onCallRouteRef = createRouteRef({ id: 'devops-insights:oncall' });

/**
 * The leadership page (`/devops-insights`). One ref for both systems: a
 * legacy route ref is accepted by PageBlueprint, and the new system's nav
 * lists a page only when it has a route ref to resolve its link from.
 * @public
 */
export const rootRouteRef = createRouteRef({ id: 'devops-insights' });
