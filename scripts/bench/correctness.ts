import {
  buildDoraIndex,
  deploymentRowOf,
  doraMetricsOfIndex,
  doraWeeklyOfIndex,
  incidentRowOf,
} from '@devops-insights/backstage-plugin-common';
import { isDeepStrictEqual } from 'node:util';
import { Backend } from './backend';
import { api, doraPath } from './http';
import { IngestResult } from './ingest';
import { Sample } from './samples';

/**
 * The correctness check: the backend's DORA answer for each sampled entity
 * and team must equal the pure functions run over the generator's own events
 * (mapped to rows by the rules the backend ingests them with).
 */
export async function verify(
  backend: Backend,
  samples: Sample[],
  kept: IngestResult['kept'],
  window: { from: number; to: number },
): Promise<{ identical: number; total: number; mismatches: string[] }> {
  let identical = 0;
  const mismatches: string[] = [];
  for (const sample of samples) {
    const events = sample.serviceRefs.map(ref => kept.get(ref)!);
    const index = buildDoraIndex({
      scopeEntityRefs: new Set(sample.serviceRefs),
      deployments: events.flatMap(e =>
        e.deployments.map(d => deploymentRowOf(d)),
      ),
      incidents: events.flatMap(e => e.incidents.map(incidentRowOf)),
    });
    const expected = {
      ...doraMetricsOfIndex(index, window),
      weekly: doraWeeklyOfIndex(index, window),
      scope: { entityRefs: [...sample.serviceRefs].sort() },
    };
    const res = await api(backend, doraPath(sample.ref, window), {
      timeoutMs: 600_000,
    });
    if (res.status !== 200) {
      mismatches.push(`${sample.ref}: HTTP ${res.status}`);
      continue;
    }
    // Goals depend on config and annotations, not on the events: checked by
    // the goal tests, left out of this comparison.
    const { entityRef: _r, window: _w, goals: _g, ...actual } = res.body;
    actual.scope = { entityRefs: [...actual.scope.entityRefs].sort() };
    if (isDeepStrictEqual(actual, expected)) {
      identical += 1;
    } else {
      const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
      const differing = [...keys].filter(
        k => !isDeepStrictEqual(actual[k], (expected as any)[k]),
      );
      mismatches.push(`${sample.ref}: differs in ${differing.join(', ')}`);
    }
  }
  return { identical, total: samples.length, mismatches };
}
