import type {
  DoraMetrics,
  GoalMetric,
  PerformanceBand,
} from '@devops-insights/backstage-plugin-common';
import { Direction } from '../shared/delta';
import {
  formatDuration,
  formatDurationDelta,
  formatPercent,
  formatPercentPointsDelta,
  formatPerDay,
  formatPerDayDelta,
} from '../shared/format';

/**
 * The rows behind a figure, below the tiles: the deployments table, or only
 * its change failures, or the high-urgency incidents that were resolved.
 */
export type DoraRows =
  | 'deployments'
  | 'failedDeployments'
  | 'restoredIncidents';

/** What a tile offers to show, as its link's words. */
export const DORA_ROWS_LABELS: Record<DoraRows, string> = {
  deployments: 'show the deployments',
  failedDeployments: 'show the failed deployments',
  restoredIncidents: 'show the restored incidents',
};

/** How one DORA figure is read off the response, formatted and judged. */
export type DoraTileSpec = {
  key: keyof DoraMetrics;
  /** The goal metric of the figure. */
  goal: GoalMetric;
  title: string;
  direction: Direction;
  /** The number compared between windows (per day, seconds or ratio). */
  value(m: DoraMetrics): number | null;
  format(value: number): string;
  /** The change, in the unit `current` is shown in. */
  formatDelta(delta: number, current: number): string;
  /** Undefined for metrics that DORA gives no performance bands. */
  band?(m: DoraMetrics): PerformanceBand | null;
  detail(m: DoraMetrics): string;
  definition: string;
  /** The rows the figure is computed from. */
  rows: DoraRows;
};

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n} ${n === 1 ? one : many}`;

// Kept in step with plugins/devops-insights-common/src/metrics/dora.ts and
// the default benchmarks in bands.ts (the backend may be configured otherwise).
export const DORA_TILES: DoraTileSpec[] = [
  {
    key: 'deploymentFrequency',
    goal: 'deploymentFrequency',
    title: 'Deployment frequency',
    direction: 'higherIsBetter',
    value: m => m.deploymentFrequency.perDay,
    format: formatPerDay,
    formatDelta: formatPerDayDelta,
    band: m => m.deploymentFrequency.band,
    detail: m => plural(m.deploymentFrequency.deployments, 'deployment'),
    rows: 'deployments',
    definition:
      'Successful production deployments that finished in the window, divided by the days in the window. ' +
      'Default bands: elite at least one a day, high at least one a week, medium at least one a month, low below.',
  },
  {
    key: 'leadTimeForChanges',
    goal: 'leadTime',
    title: 'Lead time for changes',
    direction: 'lowerIsBetter',
    value: m => m.leadTimeForChanges.medianSeconds,
    format: formatDuration,
    formatDelta: formatDurationDelta,
    band: m => m.leadTimeForChanges.band,
    detail: m => {
      const { changes, p90Seconds } = m.leadTimeForChanges;
      // The 90th percentile, in words.
      const p90 =
        p90Seconds === null
          ? ''
          : `, 90 % within ${formatDuration(p90Seconds)}`;
      return `${plural(changes, 'change')}${p90}`;
    },
    rows: 'deployments',
    definition:
      'Median time from a change being authored to the end of the first successful production deployment that shipped it, ' +
      'over changes whose deployment finished in the window. Default bands: elite under 1 hour, high under 1 week, medium under 6 months.',
  },
  {
    key: 'changeFailureRate',
    goal: 'changeFailureRate',
    title: 'Change failure rate',
    direction: 'lowerIsBetter',
    value: m => m.changeFailureRate.ratio,
    format: formatPercent,
    formatDelta: formatPercentPointsDelta,
    band: m => m.changeFailureRate.band,
    detail: m =>
      `${m.changeFailureRate.failedDeployments} of ${plural(
        m.changeFailureRate.deployments,
        'deployment',
      )} failed`,
    rows: 'failedDeployments',
    definition:
      'Share of successful production deployments in the window that failed: a high-urgency incident names it as its cause ' +
      'or starts within the attribution window (default 24 h) after it on the same entity, or a later deployment remediates it. ' +
      'Default bands: elite under 5 %, high up to 15 %, medium up to 30 %.',
  },
  {
    key: 'timeToRestore',
    goal: 'timeToRestore',
    title: 'Time to restore service',
    direction: 'lowerIsBetter',
    value: m => m.timeToRestore.medianSeconds,
    format: formatDuration,
    formatDelta: formatDurationDelta,
    band: m => m.timeToRestore.band,
    // High-urgency only, as DORA means outages; the On-call tab's time to
    // resolve counts every incident, so the scope is named on both.
    detail: m =>
      `${plural(m.timeToRestore.incidents, 'high-urgency incident')} resolved`,
    rows: 'restoredIncidents',
    definition:
      'Median time from creation to resolution of the high-urgency incidents resolved in the window. ' +
      'Default bands: elite under 1 hour, high under 1 day, medium under 1 week.',
  },
  {
    key: 'failedDeploymentRecoveryTime',
    goal: 'recoveryTime',
    title: 'Failed deployment recovery time',
    direction: 'lowerIsBetter',
    value: m => m.failedDeploymentRecoveryTime.medianSeconds,
    format: formatDuration,
    formatDelta: formatDurationDelta,
    detail: m =>
      plural(
        m.failedDeploymentRecoveryTime.recoveries,
        'recovery',
        'recoveries',
      ),
    rows: 'failedDeployments',
    definition:
      'Median time from a failed deployment in the window finishing to its recovery: the first successful production deployment ' +
      'that remediates it, or the resolution of all incidents attributed to it, whichever is earlier. DORA defines no bands for it.',
  },
  {
    key: 'reworkRate',
    goal: 'reworkRate',
    title: 'Rework rate',
    direction: 'lowerIsBetter',
    value: m => m.reworkRate.ratio,
    format: formatPercent,
    formatDelta: formatPercentPointsDelta,
    detail: m =>
      `${m.reworkRate.remediationDeployments} of ${plural(
        m.reworkRate.deployments,
        'deployment',
      )} remediate`,
    rows: 'deployments',
    definition:
      'Share of successful production deployments in the window that remediate an earlier deployment or an incident, ' +
      'i.e. unplanned work to fix production. DORA defines no bands for it.',
  },
];
