import {
  CiRunRow,
  onCallOf,
  toilOfRows,
  DevopsInsightsEvent,
  isoWeekMonday,
  PageRow,
  ShiftRow,
  ToilReportRow,
} from '@devops-insights/backstage-plugin-common';
import { toDoraRows } from './doraRows';

const DAY_MS = 24 * 3600 * 1000;
const ms = (value: string | null | undefined) =>
  value === undefined || value === null ? null : Date.parse(value);

/** Maps validated events to the rows the toil and on-call functions read. */
export function toOperationsRows(events: DevopsInsightsEvent[]) {
  const pages: PageRow[] = [];
  const shifts: ShiftRow[] = [];
  const ciRuns: CiRunRow[] = [];
  const toilReports: ToilReportRow[] = [];
  for (const e of events) {
    const base = { source: e.source, id: e.id, entityRef: e.entityRef };
    if (e.type === 'page') {
      pages.push({
        ...base,
        userRef: e.userRef,
        notifiedAt: Date.parse(e.notifiedAt),
        channel: e.channel,
        incidentId: e.incidentId ?? null,
        timeZone: e.timeZone ?? null,
      });
    } else if (e.type === 'oncall-shift') {
      shifts.push({
        ...base,
        userRef: e.userRef,
        start: Date.parse(e.start),
        end: ms(e.end),
        level: e.level,
        scheduleName: e.scheduleName ?? null,
        scheduleUrl: e.scheduleUrl ?? null,
      });
    } else if (e.type === 'ci-run') {
      ciRuns.push({
        ...base,
        name: e.name,
        attempt: e.attempt,
        trigger: e.trigger,
        status: e.status,
        startedAt: Date.parse(e.startedAt),
        finishedAt: ms(e.finishedAt),
      });
    } else if (e.type === 'toil-report') {
      toilReports.push({
        ...base,
        userRef: e.userRef ?? null,
        hours: e.hours,
        category: e.category,
        weekStart: isoWeekMonday(e.week)!,
      });
    }
  }
  return { ...toDoraRows(events), pages, shifts, ciRuns, toilReports };
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
  const rows = toOperationsRows(events.filter(e => refs.has(e.entityRef)));
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
  const rows = toOperationsRows(events.filter(e => refs.has(e.entityRef)));
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
