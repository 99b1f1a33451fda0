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
  seconds: number;
  unknownRefs: number;
  /** Generated events of the sampled services, for the correctness check. */
  kept: Map<
    string,
    { deployments: DeploymentInput[]; incidents: IncidentInput[] }
  >;
};

export async function ingest(
  backend: Backend,
  org: Org,
  keep: Set<string>,
  concurrency: number,
  budgetMs: number,
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
    seconds: 0,
    unknownRefs: 0,
    kept: new Map(),
  };
  const inFlight = new Set<Promise<void>>();
  let failure: Error | undefined;
  const send = (batch: BenchEvent[]) => {
    const body = JSON.stringify({ events: batch });
    const p = (async () => {
      // A batch is idempotent (upsert by key), so one lost to the connection
      // (a keep-alive socket the backend closed as the batch was written to
      // it, after a long synchronous write) is sent again, a bounded number
      // of times, and counted.
      const post = () =>
        api(backend, '/api/devops-insights/v1/events', {
          method: 'POST',
          body,
          timeoutMs: 600_000,
        });
      let res;
      for (let attempt = 1; ; attempt++) {
        try {
          res = await post();
          break;
        } catch (error) {
          if (attempt === 3 || !/^Error: fetch failed/.test(String(error)))
            throw error;
          result.resent += 1;
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
        send(batch);
        result.events += batch.length;
        batch = [];
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
