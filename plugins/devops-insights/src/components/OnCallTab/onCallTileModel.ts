import {
  exceedsSreLimit,
  type OnCallResponse,
  type ResponderLoad,
} from '@devops-insights/backstage-plugin-common';
import type { Tone } from '../shared/palette';

export const DEFINITIONS = {
  mtta: 'Median time from creation to acknowledgement, over the incidents of any urgency created in the window that were acknowledged.',
  mttr:
    'Median time from creation to resolution, over the incidents of any urgency resolved in the window (often called MTTR). ' +
    "The DORA tab's time to restore service counts high-urgency incidents only, so the two differ.",
  incidentsPer12h:
    'Incidents of any urgency created in the window per 12 hours of level-1 on-call time, ' +
    'summed over the rotations (parallel rotations each count). ' +
    'Google SRE allows at most 2 incidents per 12-hour shift. ' +
    "It counts incidents, not pages: the leadership page's pages per 12 h count every page of every responder.",
  pagesPer12h:
    'Interrupting pages (any channel but email) of the scope in the window per 12 hours of level-1 on-call time, ' +
    "summed over the rotations, as the leadership page's pages per 12 h.",
  offHoursPages:
    "Interrupting pages in each responder's sleep and off hours (outside business hours in their time zone), " +
    'summed, divided by the responders (everyone on call or paged in the window) and by the weeks of the window.',
  fairness:
    'Pages of the most paged responder ÷ the median pages per responder. 1 × is an even spread; 3 × means the busiest person was paged three times as often as a typical one.',
  postmortemCoverage:
    'High-urgency incidents resolved in the window with a postmortem ÷ all high-urgency incidents resolved in the window.',
};

/** Paging load against SRE's limit; undefined without a rate. */
export function incidentLoadStatus(
  perTwelveHours: number | null,
): { label: string; tone: Tone } | undefined {
  if (perTwelveHours === null) return undefined;
  return exceedsSreLimit(perTwelveHours)
    ? { label: 'Over SRE limit', tone: 'bad' }
    : { label: 'Within SRE limit', tone: 'good' };
}

export type FlagKey = keyof ResponderLoad['flags'];

/** Each responder flag as a chip, with the rule it stands for. */
export const RESPONDER_FLAGS: Record<
  FlagKey,
  { label: string; tone: Tone; rule: string }
> = {
  overloaded: {
    label: 'Overloaded',
    tone: 'bad',
    rule: 'More than 2 pages per 12 h on call (SRE: at most 2 incidents per 12-hour shift).',
  },
  overOnCallCap: {
    label: 'On call > 25 %',
    tone: 'warning',
    rule: 'On call more than 25 % of the window.',
  },
  sleepInterrupted: {
    label: 'Sleep interrupted',
    tone: 'warning',
    rule: "Paged at least once between 22:00 and 08:00 in the responder's time zone.",
  },
};

export const HOUR_BANDS = [
  {
    key: 'sleep',
    label: 'Sleep',
    hours: '22:00–08:00',
    color: '#D55E00',
  },
  {
    key: 'off',
    label: 'Off hours',
    hours: 'otherwise',
    color: '#E69F00',
  },
  {
    key: 'business',
    label: 'Business',
    hours: 'Mon–Fri 08:00–18:00',
    color: '#0072B2',
  },
] as const;

/**
 * Whether anything on-call related was ever recorded for the scope: shifts
 * now or ahead, coverage, incidents or responders in the window.
 */
export function hasOnCallData(oncall: OnCallResponse): boolean {
  return (
    oncall.now.shifts.length > 0 ||
    oncall.upcoming.length > 0 ||
    oncall.team.level1CoverageHours > 0 ||
    oncall.incidents.created > 0 ||
    oncall.responders.length > 0 ||
    oncall.incidents.mttrSeconds !== null
  );
}
