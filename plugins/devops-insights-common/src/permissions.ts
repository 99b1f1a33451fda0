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

/**
 * The catalog's resource type (RESOURCE_TYPE_CATALOG_ENTITY of
 * `@backstage/plugin-catalog-common`): conditions on it are the catalog's
 * rules, which the catalog applies to the entity. @public
 */
export const CATALOG_ENTITY_RESOURCE_TYPE = 'catalog-entity';

/**
 * Report self-assessed toil for a catalog entity from the Toil tab, as the
 * signed-in user, and delete reports of it. Checked against the entity, so a
 * policy may answer `allow`, `deny` or a catalog condition such as
 * `catalogConditions.isEntityOwner(...)`. An unconditional `allow` still
 * leaves only members of the entity's owning team(s): see README
 * (Permissions). @public
 */
export const devopsInsightsToilReportPermission = createPermission({
  name: 'devops-insights.toil.report',
  attributes: { action: 'create' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * Read one catalog entity's metrics and the rows behind them (the DORA,
 * Toil and On-call tabs, their lists and the toil reports), checked against
 * the entity on top of `devops-insights.metrics.read`. A policy may answer a
 * catalog condition (e.g. `catalogConditions.isEntityOwner(...)`), which the
 * catalog applies to the entity. The leadership rollup needs only
 * `devops-insights.metrics.read`. @public
 */
export const devopsInsightsEntityReadPermission = createPermission({
  name: 'devops-insights.entity.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/**
 * See the per-responder on-call load of an entity (each person's on-call
 * hours, pages, sleep interruptions: `responders` of `/v1/oncall`), checked
 * against the entity. Without it the On-call tab still shows the team's
 * figures and who is on call. @public
 */
export const devopsInsightsOnCallRespondersReadPermission = createPermission({
  name: 'devops-insights.oncall.responders.read',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY_RESOURCE_TYPE,
});

/** All permissions of the plugin, for registration with the permissions registry. @public */
export const devopsInsightsPermissions = [
  devopsInsightsEventsCreatePermission,
  devopsInsightsMetricsReadPermission,
  devopsInsightsEntityReadPermission,
  devopsInsightsOnCallRespondersReadPermission,
  devopsInsightsToilReportPermission,
];
