import { MAX_EVENTS_PER_REQUEST } from '@devops-insights/backstage-plugin-common';
import { Backend } from './backend';
import {
  BenchEvent,
  DeploymentInput,
  IncidentInput,
  Org,
  serviceEvents,
  teamShifts,
} from './generate';
import { api } from './http';
import { log } from './log';

export type IngestResult = {
  events: number;
  deployments: number;
  changes: number;
  incidents: number;
  pages: number;
  ciRuns: number;
  shifts: number;
  /** Batches sent again after a lost connection. */
  resent: number;
  /** Of those, batches that failed because their replica was killed, sent to a survivor. */
  resentToSurvivor: number;
  /** Sums of the 200 answers: created + updated + unchanged = events answered. */
  created: number;
  updated: number;
  unchanged: number;
  /** Events in batches answered 200 before the kill (0 without a kill). */
  acceptedBeforeKill: number;
  seconds: number;
  unknownRefs: number;
  /** Generated events of the sampled services, for the correctness check. */
  kept: Map<
    string,
    { deployments: DeploymentInput[]; incidents: IncidentInput[] }
  >;
};

/**
 * Sends the org's events in batches, round robin over the live `backends`.
 * `killAt`: once that many deployments were sent, `kill()` runs (a replica is
 * SIGKILLed); batches that fail with it are sent again to a survivor.
 */
export async function ingest(
  backends: Backend[],
  org: Org,
  keep: Set<string>,
  concurrency: number,
  budgetMs: number,
  killAt?: { deployments: number; kill: () => Promise<void> },
): Promise<IngestResult> {
  const result: IngestResult = {
    events: 0,
    deployments: 0,
    changes: 0,
    incidents: 0,
    pages: 0,
    ciRuns: 0,
    shifts: 0,
    resent: 0,
    resentToSurvivor: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    acceptedBeforeKill: 0,
    seconds: 0,
    unknownRefs: 0,
    kept: new Map(),
  };
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  let sent = 0;
  let killed = false;
  const send = (batch: BenchEvent[]) => {
    const body = JSON.stringify({ events: batch });
    const p = (async () => {
      // A batch is idempotent (upsert by key), so one lost to the connection
      // (a keep-alive socket the backend closed as the batch was written to
      // it, after a long synchronous write; or a replica killed under it) is
      // sent again, to the next live replica, a bounded number of times, and
      // counted.
      let res;
      for (let attempt = 1; ; attempt++) {
        const live = backends.filter(b => b.alive);
        if (!live.length) throw new Error('no backend alive');
        const backend = live[(sent + attempt) % live.length];
        try {
          res = await api(backend, '/api/devops-insights/v1/events', {
            method: 'POST',
            body,
            timeoutMs: 600_000,
          });
          break;
        } catch (error) {
          const died = !backend.alive;
          if (
            attempt === 3 ||
            (!died && !/^Error: fetch failed/.test(String(error)))
          )
            throw error;
          result.resent += 1;
          if (died) result.resentToSurvivor += 1;
        }
      }
      if (res.status !== 200) {
        throw new Error(
          `events API answered ${res.status}: ${JSON.stringify(res.body).slice(
            0,
            500,
          )}`,
        );
      }
      result.created += res.body.created ?? 0;
      result.updated += res.body.updated ?? 0;
      result.unchanged += res.body.unchanged ?? 0;
      if (!killed) result.acceptedBeforeKill += batch.length;
      result.unknownRefs += res.body.unknownEntityRefs?.length ?? 0;
    })()
      .catch(error => {
        failure ??= error;
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    return p;
  };

  const started = performance.now();
  let batch: BenchEvent[] = [];
  let lastReport = started;
  const shifts = org.teams.flatMap(team => teamShifts(org, team));
  result.shifts = shifts.length;
  for (const service of [null, ...org.services]) {
    const events = service
      ? serviceEvents(org, service)
      : { deployments: [], incidents: [], pages: [], ciRuns: [], changes: 0 };
    result.deployments += events.deployments.length;
    result.incidents += events.incidents.length;
    result.pages += events.pages.length;
    result.ciRuns += events.ciRuns.length;
    result.changes += events.changes;
    if (service && keep.has(service.ref)) result.kept.set(service.ref, events);
    // Incidents after deployments, so causedBy usually names a stored row;
    // the teams' shifts first of all.
    for (const event of [
      ...(service ? [] : shifts),
      ...events.deployments,
      ...events.incidents,
      ...events.pages,
      ...events.ciRuns,
    ]) {
      batch.push(event);
      if (batch.length === MAX_EVENTS_PER_REQUEST) {
        sent += 1;
        send(batch);
        result.events += batch.length;
        batch = [];
        if (killAt && !killed && result.deployments >= killAt.deployments) {
          killed = true;
          log(
            `  ${result.events} events sent (${result.acceptedBeforeKill} accepted): killing a replica`,
          );
          await killAt.kill();
        }
        while (inFlight.size >= concurrency) await Promise.race(inFlight);
        if (failure) throw failure;
      }
    }
    if (performance.now() - started > budgetMs) {
      await Promise.all(inFlight);
      const s = (performance.now() - started) / 1000;
      throw new Error(
        `ingestion stopped at the ${budgetMs / 1000}s budget: ${
          result.events
        } events in ${s.toFixed(0)}s (${Math.round(result.events / s)}/s)`,
      );
    }
    if (performance.now() - lastReport > 15_000) {
      lastReport = performance.now();
      const s = (lastReport - started) / 1000;
      log(
        `  ingested ${result.events} events in ${s.toFixed(0)}s (${Math.round(
          result.events / s,
        )}/s)`,
      );
    }
  }
  if (batch.length) {
    send(batch);
    result.events += batch.length;
  }
  await Promise.all(inFlight);
  if (failure) throw failure;
  result.seconds = (performance.now() - started) / 1000;
  return result;
}
