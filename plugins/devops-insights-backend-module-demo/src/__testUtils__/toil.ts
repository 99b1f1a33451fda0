import { DevopsInsightsEvent } from '@devops-insights/backstage-plugin-common';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

type Incident = Extract<DevopsInsightsEvent, { type: 'incident' }>;

/**
 * Toil hours by signal over [to − days, to) of the events naming one of
 * `entityRefs`, straight from the definitions (an independent check of the
 * demo data, not the backend's implementation).
 */
export function toilOf(
  events: DevopsInsightsEvent[],
  entityRefs: string[],
  to: number,
  days: number,
) {
  const from = to - days * DAY;
  const refs = new Set(entityRefs);
  const inWindow = (t: number) => t >= from && t < to;
  const mine = events.filter(e => refs.has(e.entityRef));
  const hours = {
    nonActionable: 0,
    repeat: 0,
    interrupt: 0,
    reruns: 0,
    manual: 0,
    selfReported: 0,
  };

  const incidents = mine.filter((e): e is Incident => e.type === 'incident');
  const keyOf = (i: Incident) =>
    `${i.entityRef}|${
      i.dedupKey ?? (i.title ?? '').toLowerCase().replace(/\d/g, '')
    }`;
  const byKey = new Map<string, number[]>();
  for (const i of incidents) {
    const list = byKey.get(keyOf(i)) ?? [];
    list.push(Date.parse(i.createdAt));
    byKey.set(keyOf(i), list);
  }
  const capped = (ms: number) => Math.min(ms, 4 * HOUR) / HOUR;
  for (const i of incidents) {
    const created = Date.parse(i.createdAt);
    if (!inWindow(created)) continue;
    const acked = i.acknowledgedAt ? Date.parse(i.acknowledgedAt) : undefined;
    const resolved = i.resolvedAt ? Date.parse(i.resolvedAt) : undefined;
    if (
      i.autoResolved &&
      acked === undefined &&
      resolved !== undefined &&
      resolved - created <= 15 * MINUTE
    ) {
      hours.nonActionable += 0.25;
      continue;
    }
    const earlier = byKey.get(keyOf(i))!.filter(t => t < created);
    const previous = earlier.length ? Math.max(...earlier) : undefined;
    if (previous !== undefined && created - previous <= 7 * DAY) {
      if (resolved !== undefined) {
        hours.repeat += capped(resolved - (acked ?? created));
      }
      continue;
    }
    if (acked !== undefined && resolved !== undefined) {
      hours.interrupt += capped(resolved - acked);
    }
  }

  for (const e of mine) {
    if (e.type === 'ci-run' && e.finishedAt) {
      const finished = Date.parse(e.finishedAt);
      if (!inWindow(finished)) continue;
      if (e.attempt > 1) {
        hours.reruns += (finished - Date.parse(e.startedAt)) / HOUR + 10 / 60;
      } else if (e.trigger === 'manual') {
        hours.manual += 0.25;
      }
    } else if (
      e.type === 'deployment' &&
      e.trigger === 'manual' &&
      e.finishedAt &&
      inWindow(Date.parse(e.finishedAt))
    ) {
      hours.manual += 0.25;
    } else if (e.type === 'toil-report') {
      const [year, week] = e.week.split('-W').map(Number);
      const jan4 = Date.UTC(year, 0, 4);
      const monday =
        jan4 -
        ((new Date(jan4).getUTCDay() + 6) % 7) * DAY +
        (week - 1) * 7 * DAY;
      if (inWindow(monday)) hours.selfReported += e.hours;
    }
  }
  const total = Object.values(hours).reduce((a, b) => a + b, 0);
  return { hours, total };
}

/** Capacity of a team: members × 40 h a week over the window. */
export function capacityHours(members: number, days: number): number {
  return (members * 40 * days) / 7;
}
