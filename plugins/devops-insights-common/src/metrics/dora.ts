import { DEFAULT_DORA_BENCHMARKS, DoraBenchmarks } from './bands';
import { DeploymentRow, eventKey, IncidentRow } from './rows';
import { appendTo, partitionPoint } from './collections';
import { median } from './statistics';

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

/** One deployment's lead time and its phases, in seconds. @public */
export type LeadTimeSample = {
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
  const after = partitionPoint(
    sortedDeployments.length,
    i => sortedDeployments[i].finishedAt! <= t,
  );
  return after > 0 ? sortedDeployments[after - 1] : undefined;
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

/** Whether a deployment of D is a change failure by (a), (b) or (c). @public */
export function isChangeFailure(index: DoraIndex, deployment: DeploymentRow) {
  const key = eventKey(deployment);
  return index.incidentsByDeployment.has(key) || index.remediated.has(key);
}

/** Recovery time of a failed deployment in seconds, or null when unknown. @public */
export function recoverySeconds(index: DoraIndex, deployment: DeploymentRow) {
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
