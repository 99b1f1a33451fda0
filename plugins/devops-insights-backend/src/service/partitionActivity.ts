import { appendTo } from '@devops-insights/backstage-plugin-common';
import { ActivityRows } from '../database/EventStore';

/** Groups activity rows by entity once; then any set of refs' rows, cheaply. */
export function partitionActivity(activity: ActivityRows) {
  const group = <T extends { entityRef: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const row of rows) appendTo(map, row.entityRef, row);
    return map;
  };
  const pages = group(activity.pages);
  const shifts = group(activity.shifts);
  const ciRuns = group(activity.ciRuns);
  const toilReports = group(activity.toilReports);
  return (refs: string[]): ActivityRows => {
    const own = <T>(map: Map<string, T[]>) =>
      [...new Set(refs)].flatMap(ref => map.get(ref) ?? []);
    return {
      pages: own(pages),
      shifts: own(shifts),
      ciRuns: own(ciRuns),
      toilReports: own(toilReports),
    };
  };
}
