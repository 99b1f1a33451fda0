import {
  buildDoraIndex,
  DevopsInsightsEvent,
  DoraMetrics,
  doraMetricsOfIndex,
  onCallOf,
  rowsOfEvents,
  toilOfRows,
} from '@devops-insights/backstage-plugin-common';

/**
 * The common package's definitions run over demo events of a scope, for the
 * tests to hold the generated data against the figures the plugin shows.
 */

const DAY_MS = 24 * 3600 * 1000;

/** DORA metrics of a set of entities over the `days` days before `to`. */
export function doraOfEvents(
  events: DevopsInsightsEvent[],
  entityRefs: string[],
  to: number,
  days: number,
): DoraMetrics {
  const { deployments, incidents } = rowsOfEvents(events);
  const index = buildDoraIndex({
    scopeEntityRefs: new Set(entityRefs),
    deployments,
    incidents,
  });
  return doraMetricsOfIndex(index, { from: to - days * DAY_MS, to });
}

/** Toil (the common package's definitions) of a scope over [to − days, to). */
export function toilOfEvents(
  events: DevopsInsightsEvent[],
  entityRefs: string[],
  members: number,
  to: number,
  days: number,
) {
  const refs = new Set(entityRefs);
  const rows = rowsOfEvents(events.filter(e => refs.has(e.entityRef)));
  return toilOfRows({ ...rows, members }, { from: to - days * DAY_MS, to });
}

/** On-call load (the common package's definitions) of a scope over [to − days, to). */
export function onCallOfEvents(
  events: DevopsInsightsEvent[],
  entityRefs: string[],
  userTimeZones: ReadonlyMap<string, string>,
  to: number,
  days: number,
) {
  const refs = new Set(entityRefs);
  const rows = rowsOfEvents(events.filter(e => refs.has(e.entityRef)));
  return onCallOf(
    {
      shifts: rows.shifts,
      pages: rows.pages,
      incidents: rows.incidents,
      userTimeZones,
      defaultTimeZone: 'UTC',
      now: to,
    },
    { from: to - days * DAY_MS, to },
  );
}
