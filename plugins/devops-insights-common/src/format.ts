import type { GoalMetric, ToilSignalKey } from './api';
import { GOAL_METRICS } from './metrics/goals';

/**
 * Human formatting of metric values, for the tabs and for what the backend
 * writes to people (notifications). Inputs follow the API: durations in
 * seconds, ratios 0–1. Callers deal with null ("No data") before calling.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** One decimal, without a trailing ".0" so "3 / day" reads naturally. */
function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/**
 * One decimal, except that a value that is not zero never reads "0": two
 * pages over a month of shifts are "0.03 / 12 h", not "0 / 12 h".
 */
function visibleDecimal(value: number): string {
  if (value !== 0 && Math.round(value * 10) === 0) {
    return String(Number(value.toPrecision(1)));
  }
  return oneDecimal(value);
}

/**
 * "42 s", "12 m", "4 h 12 m", "3 d 4 h": two units at most, largest first.
 * @public
 */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '−' : '';
  if (total < MINUTE) return `${sign}${total} s`;
  const units: Array<[number, string]> = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
  ];
  const first = units.findIndex(([size]) => total >= size);
  const [bigSize, bigLabel] = units[first];
  const [smallSize, smallLabel] = units[first + 1] ?? [1, 's'];
  // Round on the smaller unit so 59.6 minutes reads "1 h", not "60 m".
  const inSmall = Math.round(total / smallSize);
  // ...and when that rounds up to the next larger unit, use that unit instead.
  if (first > 0 && inSmall * smallSize >= units[first - 1][0]) {
    return `${sign}${formatDuration(inSmall * smallSize)}`;
  }
  const perBig = bigSize / smallSize;
  const big = Math.floor(inSmall / perBig);
  const small = inSmall % perBig;
  return small
    ? `${sign}${big} ${bigLabel} ${small} ${smallLabel}`
    : `${sign}${big} ${bigLabel}`;
}

/** The unit formatPerDay shows a rate in: day, week or month (30 days). */
function perDayUnit(perDay: number): { days: number; label: string } {
  if (perDay === 0 || perDay >= 1) return { days: 1, label: 'day' };
  if (perDay * 7 >= 1) return { days: 7, label: 'week' };
  return { days: 30, label: 'month' };
}

/**
 * Deployment frequency: per day when at least daily, otherwise per week or
 * per month so that rare deployers don't read "0 / day".
 * @public
 */
export function formatPerDay(perDay: number): string {
  const unit = perDayUnit(perDay);
  return `${visibleDecimal(perDay * unit.days)} / ${unit.label}`;
}

/** "4.8 %" @public */
export function formatPercent(ratio: number): string {
  return `${visibleDecimal(ratio * 100)} %`;
}

/** A rounded-to-zero magnitude gets no sign: "0 s", not "+0 s". */
function withSign(delta: number, magnitude: string): string {
  if (delta === 0 || /^0 /.test(magnitude)) return magnitude;
  return `${delta > 0 ? '+' : '−'}${magnitude}`;
}

/**
 * Deltas keep the current value's unit: "+0.4 / day" next to "2.1 / day",
 * "−0.7 / week" next to "2.1 / week" (never a per-day change under a
 * per-week headline), "−1 h 5 m", "+1.2 % points".
 * @public
 */
export function formatPerDayDelta(delta: number, current: number): string {
  const unit = perDayUnit(current);
  return withSign(
    delta,
    `${oneDecimal(Math.abs(delta) * unit.days)} / ${unit.label}`,
  );
}

/** "−1 h 5 m" @public */
export function formatDurationDelta(delta: number): string {
  return withSign(delta, formatDuration(Math.abs(delta)));
}

/**
 * Ratio deltas are in percentage points, not relative percent: 4 % → 5 %
 * is "+1 % points", not "+25 %".
 * @public
 */
export function formatPercentPointsDelta(delta: number): string {
  return withSign(delta, `${oneDecimal(Math.abs(delta) * 100)} % points`);
}

/** Hours of work, e.g. toil: "12.5 h". @public */
export function formatHours(hours: number): string {
  return `${oneDecimal(hours)} h`;
}

/**
 * A count per 12 hours, the SRE workbook's unit for paging load: "1.5 / 12 h".
 * @public
 */
export function formatPer12h(value: number): string {
  return `${visibleDecimal(value)} / 12 h`;
}

/** A ratio of two counts, e.g. max ÷ median: "1.5 ×". @public */
export function formatFactor(value: number): string {
  return `${oneDecimal(value)} ×`;
}

/**
 * How a goal metric's figure or target reads, in its unit.
 * @public
 */
export const GOAL_FORMAT: Readonly<
  Record<GoalMetric, (value: number) => string>
> = {
  deploymentFrequency: formatPerDay,
  leadTime: formatDuration,
  changeFailureRate: formatPercent,
  timeToRestore: formatDuration,
  recoveryTime: formatDuration,
  reworkRate: formatPercent,
  toilShare: formatPercent,
  pagesPer12h: formatPer12h,
  offHoursPagesPerWeek: value => `${Number(value.toFixed(2))} a week`,
};

/**
 * Which side of its target meets a goal, and the target: "≤ 2 h",
 * "≥ 1 / day".
 * @public
 */
export function goalBound(goal: { metric: GoalMetric; target: number }) {
  const sign = GOAL_METRICS[goal.metric].better === 'higher' ? '≥' : '≤';
  return `${sign} ${GOAL_FORMAT[goal.metric](goal.target)}`;
}

/** The name of each goal metric in a sentence's first place. @public */
export const GOAL_METRIC_NAMES: Readonly<Record<GoalMetric, string>> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time for changes',
  changeFailureRate: 'Change failure rate',
  timeToRestore: 'Time to restore',
  recoveryTime: 'Failed deployment recovery time',
  reworkRate: 'Rework rate',
  toilShare: 'Toil share',
  pagesPer12h: 'Pages per 12 h on call',
  offHoursPagesPerWeek: 'Off-hours pages per responder a week',
};

/** The name of each toil signal, as the Toil tab lists them. @public */
export const TOIL_SIGNAL_NAMES: Readonly<Record<ToilSignalKey, string>> = {
  nonActionablePages: 'Non-actionable pages',
  repeatIncidents: 'Repeat incidents',
  interruptWork: 'Interrupt work',
  manualReruns: 'Manual re-runs',
  manualSteps: 'Manual steps',
  selfReported: 'Self-reported',
};
