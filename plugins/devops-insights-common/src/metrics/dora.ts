import { DoraMetrics, DoraWeek } from '../api';
import {
  changeFailureRateBand,
  deploymentFrequencyBand,
  DEFAULT_DORA_BENCHMARKS,
  DoraBenchmarks,
  leadTimeBand,
  timeToRestoreBand,
} from './bands';
import { DeploymentRow, eventKey, IncidentRow, TimeWindow } from './rows';
import { appendTo } from './collections';
import { median, percentileCont } from './statistics';
import { isoWeeksOf } from './weeks';

/**
 * The DORA definitions of docs/metrics.md, as pure functions over rows.
 *
 * The input holds every deployment and incident of the scope's entities (any
 * time), plus rows of other entities that point into the scope (incidents whose
 * `causedBy` names a scope deployment, deployments that remediate one).
 */

/** @public */
export type DoraConfig = {
  /** Incident-to-deployment attribution window, inclusive. */
  attributionWindowSeconds: number;
  benchmarks: DoraBenchmarks;
};

/** @public */
export const DEFAULT_DORA_CONFIG: DoraConfig = {
  attributionWindowSeconds: 24 * 3600,
  benchmarks: DEFAULT_DORA_BENCHMARKS,
};

/** @public */
export type DoraInput = {
  scopeEntityRefs: ReadonlySet<string>;
  deployments: readonly DeploymentRow[];
  incidents: readonly IncidentRow[];
};

type LeadTimeSample = {
  deploymentKey: string;
  finishedAt: number;
  seconds: number;
  codingSeconds: number | null;
  reviewSeconds: number | null;
  deploySeconds: number | null;
};

/** How an incident came to be attributed to a deployment. @public */
export type IncidentAttribution = {
  deployment: DeploymentRow;
  explicit: boolean;
};

/**
 * Everything about the rows that does not depend on the window, computed once
 * so that the window and its weeks are cheap to evaluate.
 * @public
 */
export type DoraIndex = {
  config: DoraConfig;
  /** D candidates: successful production deployments of scope entities, by finishedAt. */
  doraDeployments: DeploymentRow[];
  /** Earliest time any deployment of the scope happened, or null if none. */
  firstDeploymentEventAt: number | null;
  leadTimeSamples: LeadTimeSample[];
  /** Production incidents attributed by (a) or (b), per deployment key. */
  incidentsByDeployment: Map<string, IncidentRow[]>;
  /** Attribution of each production incident, by incident key. */
  attributionByIncident: Map<string, IncidentAttribution>;
  /** Deployments named by a later deployment's `remediates`. */
  remediated: Set<string>;
  /** Earliest finishedAt of a successful production remediation, per deployment key. */
  firstRemediationAt: Map<string, number>;
  /** Production incidents of scope entities that are resolved. */
  resolvedScopeIncidents: IncidentRow[];
};

function isDoraDeployment(d: DeploymentRow): boolean {
  return d.status === 'success' && d.production && d.finishedAt !== null;
}

/** By finishedAt; equal times in a fixed order so "latest" is deterministic. */
function byFinishedAt(a: DeploymentRow, b: DeploymentRow): number {
  return (
    a.finishedAt! - b.finishedAt! ||
    eventKey(a).localeCompare(eventKey(b), 'en')
  );
}

/** Last deployment with finishedAt ≤ t in a list sorted by finishedAt. */
function latestAtOrBefore(
  sortedDeployments: DeploymentRow[],
  t: number,
): DeploymentRow | undefined {
  let lo = 0;
  let hi = sortedDeployments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sortedDeployments[mid].finishedAt! <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sortedDeployments[lo - 1] : undefined;
}

function buildLeadTimeSamples(goodByEntity: Map<string, DeploymentRow[]>) {
  const samples: LeadTimeSample[] = [];
  for (const deployments of goodByEntity.values()) {
    // Sorted by finishedAt, so the first deployment naming a change claims it.
    const claimed = new Set<string>();
    for (const deployment of deployments) {
      const deploymentKey = eventKey(deployment);
      for (const change of deployment.changes) {
        if (claimed.has(change.id)) continue;
        claimed.add(change.id);
        const seconds = (deployment.finishedAt! - change.authoredAt) / 1000;
        if (seconds <= 0) continue;
        const { pullRequestOpenedAt: opened, mergedAt: merged } = change;
        samples.push({
          deploymentKey,
          finishedAt: deployment.finishedAt!,
          seconds,
          codingSeconds:
            opened !== null ? (opened - change.authoredAt) / 1000 : null,
          reviewSeconds:
            opened !== null && merged !== null
              ? (merged - opened) / 1000
              : null,
          deploySeconds:
            merged !== null ? (deployment.finishedAt! - merged) / 1000 : null,
        });
      }
    }
  }
  return samples;
}

/** @public */
export function buildDoraIndex(
  input: DoraInput,
  config: DoraConfig = DEFAULT_DORA_CONFIG,
): DoraIndex {
  const inScope = (row: { entityRef: string }) =>
    input.scopeEntityRefs.has(row.entityRef);
  const deploymentsByKey = new Map<string, DeploymentRow>();
  for (const d of input.deployments) deploymentsByKey.set(eventKey(d), d);

  const goodByEntity = new Map<string, DeploymentRow[]>();
  let firstDeploymentEventAt: number | null = null;
  for (const d of input.deployments) {
    if (!inScope(d)) continue;
    const at = d.finishedAt ?? d.startedAt;
    if (
      at !== null &&
      (firstDeploymentEventAt === null || at < firstDeploymentEventAt)
    ) {
      firstDeploymentEventAt = at;
    }
    if (!isDoraDeployment(d)) continue;
    const list = goodByEntity.get(d.entityRef) ?? [];
    list.push(d);
    goodByEntity.set(d.entityRef, list);
  }
  for (const list of goodByEntity.values()) list.sort(byFinishedAt);

  const incidentsByDeployment = new Map<string, IncidentRow[]>();
  const attributionByIncident = new Map<string, IncidentAttribution>();
  const attribute = (
    incident: IncidentRow,
    deployment: DeploymentRow,
    explicit: boolean,
  ) => {
    const key = eventKey(deployment);
    appendTo(incidentsByDeployment, key, incident);
    attributionByIncident.set(eventKey(incident), { deployment, explicit });
  };
  const windowMs = config.attributionWindowSeconds * 1000;
  const resolvedScopeIncidents: IncidentRow[] = [];
  for (const incident of input.incidents) {
    if (incident.urgency !== 'high') continue;
    if (inScope(incident) && incident.resolvedAt !== null) {
      resolvedScopeIncidents.push(incident);
    }
    if (incident.changeRelated === false) continue;
    if (incident.causedBy) {
      const named = deploymentsByKey.get(eventKey(incident.causedBy));
      if (named && isDoraDeployment(named)) attribute(incident, named, true);
      continue;
    }
    const candidates = goodByEntity.get(incident.entityRef);
    const latest =
      candidates && latestAtOrBefore(candidates, incident.createdAt);
    if (latest && incident.createdAt - latest.finishedAt! <= windowMs) {
      attribute(incident, latest, false);
    }
  }

  const remediated = new Set<string>();
  const firstRemediationAt = new Map<string, number>();
  for (const d of input.deployments) {
    if (!d.remediatesDeployment) continue;
    const target = eventKey(d.remediatesDeployment);
    if (target === eventKey(d)) continue;
    remediated.add(target);
    if (isDoraDeployment(d)) {
      const earlier = firstRemediationAt.get(target);
      if (earlier === undefined || d.finishedAt! < earlier) {
        firstRemediationAt.set(target, d.finishedAt!);
      }
    }
  }

  return {
    config,
    doraDeployments: [...goodByEntity.values()].flat().sort(byFinishedAt),
    firstDeploymentEventAt,
    leadTimeSamples: buildLeadTimeSamples(goodByEntity).sort(
      (a, b) => a.finishedAt - b.finishedAt,
    ),
    incidentsByDeployment,
    attributionByIncident,
    remediated,
    firstRemediationAt,
    resolvedScopeIncidents: resolvedScopeIncidents.sort(
      (a, b) => a.resolvedAt! - b.resolvedAt!,
    ),
  };
}

/** Two lists sorted by `compare`, merged; on ties the item of `a` comes first. */
function mergeTwoSorted<T>(
  a: readonly T[],
  b: readonly T[],
  compare: (x: T, y: T) => number,
): T[] {
  const out: T[] = new Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    out[k++] = compare(b[j], a[i]) < 0 ? b[j++] : a[i++];
  }
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/**
 * Lists each sorted by `compare`, merged pairwise (n log k comparisons). Stable:
 * on ties, items of earlier lists come first, as a stable sort of their
 * concatenation would order them.
 */
function mergeSorted<T>(
  lists: ReadonlyArray<readonly T[]>,
  compare: (x: T, y: T) => number,
): T[] {
  let layer = lists.filter(list => list.length > 0);
  if (layer.length === 0) return [];
  if (layer.length === 1) return layer[0].slice();
  while (layer.length > 1) {
    const next: T[][] = [];
    for (let i = 0; i < layer.length; i += 2) {
      next.push(
        i + 1 < layer.length
          ? mergeTwoSorted(layer[i], layer[i + 1], compare)
          : (layer[i] as T[]),
      );
    }
    layer = next;
  }
  return layer[0] as T[];
}

/**
 * The index of several disjoint scopes, from the index of each: what
 * {@link buildDoraIndex} gives for the union of their inputs, without walking
 * the rows again. Every rule is per entity or follows an explicit reference,
 * so this holds when each index was built, as the backend does, from its
 * scope's own rows plus the rows of other entities pointing at its
 * deployments (remediations, incidents naming a cause).
 *
 * The time-sorted lists are merged keeping their order (deployments by
 * finishedAt, then key; lead-time samples by finishedAt; resolved incidents by
 * resolvedAt); maps and sets are united, the earliest remediation kept;
 * `firstDeploymentEventAt` is the earliest; the config is the first index's.
 * A row pointing across scopes can sit in two inputs, so an incident attributed
 * in both indexes is kept once. The one thing that can differ from building
 * over the union is an explicit attribution to a deployment outside every
 * scope whose incident and deployment reached different inputs; no metric
 * reads those, as such a deployment is in no index's D.
 *
 * The scopes must be disjoint (the same index passed twice is used once). The
 * result may share lists with the given indexes; indexes are never mutated.
 * With no index, the result is empty with the default config.
 * @public
 */
export function mergeDoraIndexes(indexes: DoraIndex[]): DoraIndex {
  const unique = [...new Set(indexes)];
  if (unique.length === 1) return unique[0];
  if (unique.length === 0) {
    return buildDoraIndex(
      { scopeEntityRefs: new Set(), deployments: [], incidents: [] },
      DEFAULT_DORA_CONFIG,
    );
  }

  let firstDeploymentEventAt: number | null = null;
  for (const { firstDeploymentEventAt: at } of unique) {
    if (
      at !== null &&
      (firstDeploymentEventAt === null || at < firstDeploymentEventAt)
    ) {
      firstDeploymentEventAt = at;
    }
  }

  const [first, ...rest] = unique;
  const incidentsByDeployment = new Map(first.incidentsByDeployment);
  const attributionByIncident = new Map(first.attributionByIncident);
  const remediated = new Set(first.remediated);
  const firstRemediationAt = new Map(first.firstRemediationAt);
  for (const index of rest) {
    for (const [key, incidents] of index.incidentsByDeployment) {
      const existing = incidentsByDeployment.get(key);
      if (!existing) {
        incidentsByDeployment.set(key, incidents);
        continue;
      }
      // The same deployment attributed in two indexes: a pointing row seen
      // from both sides. Keep each incident once, never mutating either list.
      const seen = new Set(existing.map(eventKey));
      const added = incidents.filter(i => !seen.has(eventKey(i)));
      if (added.length) incidentsByDeployment.set(key, existing.concat(added));
    }
    for (const [key, attribution] of index.attributionByIncident) {
      if (!attributionByIncident.has(key)) {
        attributionByIncident.set(key, attribution);
      }
    }
    for (const key of index.remediated) remediated.add(key);
    for (const [key, at] of index.firstRemediationAt) {
      const earlier = firstRemediationAt.get(key);
      if (earlier === undefined || at < earlier) {
        firstRemediationAt.set(key, at);
      }
    }
  }

  return {
    config: first.config,
    doraDeployments: mergeSorted(
      unique.map(i => i.doraDeployments),
      byFinishedAt,
    ),
    firstDeploymentEventAt,
    leadTimeSamples: mergeSorted(
      unique.map(i => i.leadTimeSamples),
      (a, b) => a.finishedAt - b.finishedAt,
    ),
    incidentsByDeployment,
    attributionByIncident,
    remediated,
    firstRemediationAt,
    resolvedScopeIncidents: mergeSorted(
      unique.map(i => i.resolvedScopeIncidents),
      (a, b) => a.resolvedAt! - b.resolvedAt!,
    ),
  };
}

/** First index whose time is ≥ t, in a list sorted by that time. */
function lowerBound<T>(
  sorted: readonly T[],
  time: (item: T) => number,
  t: number,
) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (time(sorted[mid]) < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The items of a time-sorted list inside [from, to): a slice, so evaluating a
 * window (or each of its weeks) costs what is in it, not the whole history.
 */
function inWindowSorted<T>(
  sorted: readonly T[],
  time: (item: T) => number,
  w: TimeWindow,
): T[] {
  return sorted.slice(
    lowerBound(sorted, time, w.from),
    lowerBound(sorted, time, w.to),
  );
}

/** Whether a deployment of D is a change failure by (a), (b) or (c). @public */
export function isChangeFailure(index: DoraIndex, deployment: DeploymentRow) {
  const key = eventKey(deployment);
  return index.incidentsByDeployment.has(key) || index.remediated.has(key);
}

/** Recovery time of a failed deployment in seconds, or null when unknown. */
function recoverySeconds(index: DoraIndex, deployment: DeploymentRow) {
  const key = eventKey(deployment);
  const candidates: number[] = [];
  const remediation = index.firstRemediationAt.get(key);
  if (remediation !== undefined) candidates.push(remediation);
  const incidents = index.incidentsByDeployment.get(key) ?? [];
  if (incidents.length && incidents.every(i => i.resolvedAt !== null)) {
    candidates.push(Math.max(...incidents.map(i => i.resolvedAt!)));
  }
  if (!candidates.length) return null;
  return (Math.min(...candidates) - deployment.finishedAt!) / 1000;
}

/** The six DORA metrics of one window. @public */
export function computeDora(index: DoraIndex, window: TimeWindow): DoraMetrics {
  const { benchmarks } = index.config;
  const D = inWindowSorted(index.doraDeployments, d => d.finishedAt!, window);
  const windowDays = (window.to - window.from) / (24 * 3600 * 1000);
  const hasDeploymentData =
    index.firstDeploymentEventAt !== null &&
    index.firstDeploymentEventAt < window.to;

  const samples = inWindowSorted(
    index.leadTimeSamples,
    s => s.finishedAt,
    window,
  );
  const leadMedian = median(samples.map(s => s.seconds));
  const stage = (pick: (s: LeadTimeSample) => number | null) =>
    median(samples.map(pick).filter((v): v is number => v !== null));

  const failed = D.filter(d => isChangeFailure(index, d));
  const cfr = D.length ? failed.length / D.length : null;

  const restoreSeconds = inWindowSorted(
    index.resolvedScopeIncidents,
    i => i.resolvedAt!,
    window,
  ).map(i => (i.resolvedAt! - i.createdAt) / 1000);
  const restoreMedian = median(restoreSeconds);

  const recoveries = failed
    .map(d => recoverySeconds(index, d))
    .filter((v): v is number => v !== null);

  const remediations = D.filter(
    d => d.remediatesDeployment !== null || d.remediatesIncidentId !== null,
  ).length;

  return {
    deploymentFrequency: {
      deployments: D.length,
      perDay: hasDeploymentData ? D.length / windowDays : null,
      band: hasDeploymentData
        ? deploymentFrequencyBand(D.length, windowDays, benchmarks)
        : null,
    },
    leadTimeForChanges: {
      changes: samples.length,
      medianSeconds: leadMedian,
      p90Seconds: percentileCont(
        samples.map(s => s.seconds),
        0.9,
      ),
      band: leadTimeBand(leadMedian, benchmarks),
      stages: {
        codingMedianSeconds: stage(s => s.codingSeconds),
        reviewMedianSeconds: stage(s => s.reviewSeconds),
        deployMedianSeconds: stage(s => s.deploySeconds),
      },
    },
    changeFailureRate: {
      failedDeployments: failed.length,
      deployments: D.length,
      ratio: cfr,
      band: changeFailureRateBand(cfr, benchmarks),
    },
    timeToRestore: {
      incidents: restoreSeconds.length,
      medianSeconds: restoreMedian,
      band: timeToRestoreBand(restoreMedian, benchmarks),
    },
    failedDeploymentRecoveryTime: {
      recoveries: recoveries.length,
      medianSeconds: median(recoveries),
    },
    reworkRate: {
      remediationDeployments: remediations,
      deployments: D.length,
      ratio: D.length ? remediations / D.length : null,
    },
  };
}

/** The weekly series: each ISO week clipped to the window, by the same definitions. @public */
export function computeDoraWeekly(
  index: DoraIndex,
  window: TimeWindow,
): DoraWeek[] {
  return isoWeeksOf(window).map(week => {
    const m = computeDora(index, week.window);
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

/** Median lead time of the changes each deployment shipped first. @public */
export function leadTimeMedianByDeployment(
  index: DoraIndex,
): Map<string, number> {
  const byDeployment = new Map<string, number[]>();
  for (const s of index.leadTimeSamples) {
    appendTo(byDeployment, s.deploymentKey, s.seconds);
  }
  return new Map(
    [...byDeployment].map(([key, values]) => [key, median(values)!]),
  );
}
