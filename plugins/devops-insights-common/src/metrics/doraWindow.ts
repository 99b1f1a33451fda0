import { DoraMetrics, DoraWeek } from '../api';
import {
  changeFailureRateBand,
  DEFAULT_DORA_BENCHMARKS,
  deploymentFrequencyBand,
  DoraBenchmarks,
  leadTimeBand,
  timeToRestoreBand,
} from './bands';
import { DoraIndex, isChangeFailure, recoverySeconds } from './dora';
import { columnsWithin, lowerBound } from './collections';
import { TimeWindow } from './rows';
import { medianInPlace, percentileContInPlace } from './statistics';
import { isoWeeksOf } from './weeks';

/**
 * Evaluating a window. An index is first reduced to its facts: what each DORA
 * deployment, lead-time sample and restore contributes, decided once and
 * independent of any window. A window then only selects facts by time, so
 * the facts of disjoint scopes can be kept apart (the backend keeps one set
 * per entity, refreshed when its rows change) and evaluated together: the
 * metrics of a list of facts equal those of an index built over the union of
 * their scopes, because every rule of docs/metrics.md is per entity or follows
 * an explicit reference, and counts and order statistics do not depend on the
 * order the values come in.
 */

/** Columns sorted by `at`; NaN stands for "none". @alpha */
export type DoraFacts = {
  /** Earliest time any deployment of the scope happened, or null if none. */
  firstDeploymentEventAt: number | null;
  /** D candidates (successful production deployments) by finishedAt. */
  deployments: {
    at: Float64Array;
    /** 1 when a change failure by (a), (b) or (c). */
    failed: Uint8Array;
    /** 1 when it carries `remediates`. */
    remediation: Uint8Array;
    /** Recovery time of a failed deployment; NaN when not failed or unknown. */
    recoverySeconds: Float64Array;
  };
  /** Lead-time samples by the finishedAt of the deployment that claimed them. */
  leadTimes: {
    at: Float64Array;
    seconds: Float64Array;
    codingSeconds: Float64Array;
    reviewSeconds: Float64Array;
    deploySeconds: Float64Array;
  };
  /** High-urgency resolved incidents of the scope, by resolvedAt. */
  restores: { at: Float64Array; seconds: Float64Array };
};

const orNaN = (v: number | null) => (v === null ? NaN : v);

/** The facts of an index's scope. @alpha */
export function doraFactsOf(index: DoraIndex): DoraFacts {
  const D = index.doraDeployments;
  const deployments = {
    at: new Float64Array(D.length),
    failed: new Uint8Array(D.length),
    remediation: new Uint8Array(D.length),
    recoverySeconds: new Float64Array(D.length),
  };
  D.forEach((d, i) => {
    const failed = isChangeFailure(index, d);
    deployments.at[i] = d.finishedAt!;
    deployments.failed[i] = failed ? 1 : 0;
    deployments.remediation[i] =
      d.remediatesDeployment !== null || d.remediatesIncidentId !== null
        ? 1
        : 0;
    deployments.recoverySeconds[i] = failed
      ? orNaN(recoverySeconds(index, d))
      : NaN;
  });
  const samples = index.leadTimeSamples;
  const leadTimes = {
    at: Float64Array.from(samples, s => s.finishedAt),
    seconds: Float64Array.from(samples, s => s.seconds),
    codingSeconds: Float64Array.from(samples, s => orNaN(s.codingSeconds)),
    reviewSeconds: Float64Array.from(samples, s => orNaN(s.reviewSeconds)),
    deploySeconds: Float64Array.from(samples, s => orNaN(s.deploySeconds)),
  };
  const resolved = index.resolvedScopeIncidents;
  return {
    firstDeploymentEventAt: index.firstDeploymentEventAt,
    deployments,
    leadTimes,
    restores: {
      at: Float64Array.from(resolved, i => i.resolvedAt!),
      seconds: Float64Array.from(
        resolved,
        i => (i.resolvedAt! - i.createdAt) / 1000,
      ),
    },
  };
}

/**
 * The facts of the times in [from, to) of `span` only, in arrays of their
 * own: every window inside the span evaluates over them as over the whole
 * facts (a window only selects facts by time, and when deployments began is
 * kept), and the rest of the history they came from can be let go. @alpha
 */
export function doraFactsWithin(facts: DoraFacts, span: TimeWindow): DoraFacts {
  return {
    firstDeploymentEventAt: facts.firstDeploymentEventAt,
    deployments: columnsWithin(facts.deployments, span),
    leadTimes: columnsWithin(facts.leadTimes, span),
    restores: columnsWithin(facts.restores, span),
  };
}

type Range = { start: number; end: number };

/** Where each facts' column of times falls inside [from, to). */
function rangesOf(
  columns: readonly Float64Array[],
  w: TimeWindow,
): { ranges: Range[]; total: number } {
  let total = 0;
  const ranges = columns.map(at => {
    const range = { start: lowerBound(at, w.from), end: lowerBound(at, w.to) };
    total += range.end - range.start;
    return range;
  });
  return { ranges, total };
}

/** The non-NaN values of a column inside the ranges, in a fresh array. */
function valuesIn(
  columns: readonly Float64Array[],
  ranges: readonly Range[],
  capacity: number,
): Float64Array {
  const out = new Float64Array(capacity);
  let n = 0;
  columns.forEach((column, c) => {
    const { start, end } = ranges[c];
    for (let i = start; i < end; i++) {
      const v = column[i];
      if (!Number.isNaN(v)) out[n++] = v;
    }
  });
  return out.subarray(0, n);
}

/**
 * The six DORA metrics of one window over the facts of disjoint scopes.
 * @alpha
 */
export function doraMetricsOf(
  facts: readonly DoraFacts[],
  window: TimeWindow,
  benchmarks: DoraBenchmarks = DEFAULT_DORA_BENCHMARKS,
): DoraMetrics {
  const windowDays = (window.to - window.from) / (24 * 3600 * 1000);
  const hasDeploymentData = facts.some(
    f =>
      f.firstDeploymentEventAt !== null && f.firstDeploymentEventAt < window.to,
  );

  const deploymentColumns = facts.map(f => f.deployments);
  const dep = rangesOf(
    deploymentColumns.map(d => d.at),
    window,
  );
  let failed = 0;
  let remediations = 0;
  deploymentColumns.forEach((d, c) => {
    const { start, end } = dep.ranges[c];
    for (let i = start; i < end; i++) {
      failed += d.failed[i];
      remediations += d.remediation[i];
    }
  });
  const recoveries = valuesIn(
    deploymentColumns.map(d => d.recoverySeconds),
    dep.ranges,
    dep.total,
  );

  const leadColumns = facts.map(f => f.leadTimes);
  const lead = rangesOf(
    leadColumns.map(l => l.at),
    window,
  );
  const stage = (pick: (l: DoraFacts['leadTimes']) => Float64Array) =>
    medianInPlace(valuesIn(leadColumns.map(pick), lead.ranges, lead.total));
  const leadSeconds = valuesIn(
    leadColumns.map(l => l.seconds),
    lead.ranges,
    lead.total,
  );
  const leadMedian = medianInPlace(leadSeconds);

  const restoreColumns = facts.map(f => f.restores);
  const restore = rangesOf(
    restoreColumns.map(r => r.at),
    window,
  );
  const restoreMedian = medianInPlace(
    valuesIn(
      restoreColumns.map(r => r.seconds),
      restore.ranges,
      restore.total,
    ),
  );

  const deployments = dep.total;
  const cfr = deployments ? failed / deployments : null;
  return {
    deploymentFrequency: {
      deployments,
      perDay: hasDeploymentData ? deployments / windowDays : null,
      band: hasDeploymentData
        ? deploymentFrequencyBand(deployments, windowDays, benchmarks)
        : null,
    },
    leadTimeForChanges: {
      changes: lead.total,
      medianSeconds: leadMedian,
      p90Seconds: percentileContInPlace(leadSeconds, 0.9),
      band: leadTimeBand(leadMedian, benchmarks),
      stages: {
        codingMedianSeconds: stage(l => l.codingSeconds),
        reviewMedianSeconds: stage(l => l.reviewSeconds),
        deployMedianSeconds: stage(l => l.deploySeconds),
      },
    },
    changeFailureRate: {
      failedDeployments: failed,
      deployments,
      ratio: cfr,
      band: changeFailureRateBand(cfr, benchmarks),
    },
    timeToRestore: {
      incidents: restore.total,
      medianSeconds: restoreMedian,
      band: timeToRestoreBand(restoreMedian, benchmarks),
    },
    failedDeploymentRecoveryTime: {
      recoveries: recoveries.length,
      medianSeconds: medianInPlace(recoveries),
    },
    reworkRate: {
      remediationDeployments: remediations,
      deployments,
      ratio: deployments ? remediations / deployments : null,
    },
  };
}

/**
 * The weekly series over the facts of disjoint scopes: each ISO week clipped
 * to the window, by the same definitions. @alpha
 */
export function doraWeeklyOf(
  facts: readonly DoraFacts[],
  window: TimeWindow,
  benchmarks: DoraBenchmarks = DEFAULT_DORA_BENCHMARKS,
): DoraWeek[] {
  return isoWeeksOf(window).map(week => {
    const m = doraMetricsOf(facts, week.window, benchmarks);
    return {
      weekStart: new Date(week.weekStart).toISOString(),
      from: new Date(week.window.from).toISOString(),
      to: new Date(week.window.to).toISOString(),
      deployments: m.deploymentFrequency.deployments,
      failedDeployments: m.changeFailureRate.failedDeployments,
      leadTimeMedianSeconds: m.leadTimeForChanges.medianSeconds,
      changeFailureRate: m.changeFailureRate.ratio,
      timeToRestoreMedianSeconds: m.timeToRestore.medianSeconds,
    };
  });
}

/** The six DORA metrics of one window. @public */
export function doraMetricsOfIndex(
  index: DoraIndex,
  window: TimeWindow,
): DoraMetrics {
  return doraMetricsOf([doraFactsOf(index)], window, index.config.benchmarks);
}

/** The weekly series of an index. @public */
export function doraWeeklyOfIndex(
  index: DoraIndex,
  window: TimeWindow,
): DoraWeek[] {
  return doraWeeklyOf([doraFactsOf(index)], window, index.config.benchmarks);
}
