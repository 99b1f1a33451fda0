/*
 * Calibrates the byte cost of cached entity facts (service/factsBytes.ts):
 * builds N entities' facts of one shape as the derivation does (typed arrays
 * from Float64Array.from/new, toil sources as distinct strings, as rows from
 * a database driver give them) and compares the heap and array-buffer memory
 * before and after, with a full GC on both sides.
 *
 *   node --expose-gc --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/measure/factsBytes.ts
 */
import { bytesOfFacts } from '../../plugins/devops-insights-backend/src/service/factsBytes';
import type { EntityFacts } from '../../plugins/devops-insights-backend/src/service/EntityFactsCache';

/** Lengths of the columns; `title`: a toil source of that many characters. */
type Shape = { d: number; l: number; r: number; t: number; title?: number };

const SOURCES = Buffer.from(`github gitlab ${'x'.repeat(200)}`);

function factsOf({ d, l, r, t, title }: Shape): EntityFacts {
  const f64 = (n: number) => Float64Array.from({ length: n }, (_, i) => i);
  // A fresh string per item, as each row read from the database carries
  // (JSON.parse would intern them and hide their cost).
  const sources = Array.from({ length: t }, () =>
    title
      ? SOURCES.toString('latin1', 14, 14 + title)
      : SOURCES.toString('latin1').split(' ')[1],
  );
  return {
    dora: {
      firstDeploymentEventAt: d ? 1 : null,
      deployments: {
        at: f64(d),
        failed: new Uint8Array(d),
        remediation: new Uint8Array(d),
        recoverySeconds: f64(d),
      },
      leadTimes: {
        at: f64(l),
        seconds: f64(l),
        codingSeconds: f64(l),
        reviewSeconds: f64(l),
        deploySeconds: f64(l),
      },
      restores: { at: f64(r), seconds: f64(r) },
    },
    toil: {
      firstActivityAt: t ? 1 : null,
      items: {
        at: f64(t),
        signal: new Uint8Array(t),
        hours: f64(t),
        source: sources,
      },
    },
  };
}

function used() {
  (global as any).gc();
  (global as any).gc();
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

const SHAPES: Array<[string, Shape, number]> = [
  ['empty', { d: 0, l: 0, r: 0, t: 0 }, 20000],
  ['small (5 deployments)', { d: 5, l: 15, r: 1, t: 2 }, 20000],
  ['M service (1000 deployments)', { d: 1000, l: 3000, r: 100, t: 150 }, 200],
  ['deployments only', { d: 2000, l: 0, r: 0, t: 0 }, 200],
  ['lead times only', { d: 0, l: 5000, r: 0, t: 0 }, 200],
  ['restores only', { d: 0, l: 0, r: 5000, t: 0 }, 200],
  ['toil items only', { d: 0, l: 0, r: 0, t: 5000 }, 200],
  ['toil items, 60-char titles', { d: 0, l: 0, r: 0, t: 5000, title: 60 }, 200],
];

// Module-level, so nothing built is collected before it is measured.
const held: EntityFacts[] = [];

for (const [name, shape, n] of SHAPES) {
  const runs: number[] = [];
  for (let run = 0; run < 5; run++) {
    held.length = 0;
    const before = used();
    for (let i = 0; i < n; i++) held.push(factsOf(shape));
    const after = used();
    runs.push((after - before) / n);
  }
  runs.sort((a, b) => a - b);
  const estimate = bytesOfFacts(factsOf(shape));
  console.log(
    `${name.padEnd(30)} measured ${runs[0].toFixed(0)}–${runs[
      runs.length - 1
    ].toFixed(0)} B/entity, estimate ${estimate} B (${(
      (estimate / runs[2]) *
      100
    ).toFixed(0)}% of the median)`,
  );
}
