import { createPermission } from '@backstage/plugin-permission-common';

/** Send events to the events API (CI systems, source modules). @public */
export const devopsInsightsEventsCreatePermission = createPermission({
  name: 'devops-insights.events.create',
  attributes: { action: 'create' },
});

/** Read metrics and the rows behind them. @public */
export const devopsInsightsMetricsReadPermission = createPermission({
  name: 'devops-insights.metrics.read',
  attributes: { action: 'read' },
});

/** Report self-assessed toil from the Toil tab, as the signed-in user. @public */
export const devopsInsightsToilReportPermission = createPermission({
  name: 'devops-insights.toil.report',
  attributes: { action: 'create' },
});

/** All permissions of the plugin, for registration with the permissions registry. @public */
export const devopsInsightsPermissions = [
  devopsInsightsEventsCreatePermission,
  devopsInsightsMetricsReadPermission,
  devopsInsightsToilReportPermission,
];
