import { LoopDelay } from './backend';
import { LoadResult } from './load';

/** One read phase: its latencies and how long the backend's loop blocked. */
export type Phase = {
  name: string;
  concurrency: number;
  result: LoadResult;
  loop: LoopDelay | null;
};

export type Row = {
  size: string;
  db: string;
  events: number;
  ingestPerSecond: number | null;
  entity: LoadResult | null;
  team: LoadResult | null;
  rollup: LoadResult | null;
  phases: Phase[];
  peakRssMb: number | null;
  identical: string;
  note?: string;
};

function percentile(sorted: number[], p: number): number | null {
  if (!sorted.length) return null;
  const rank = Math.ceil(p * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const ms = (v: number | null) =>
  v === null ? 'n/a' : v < 10 ? v.toFixed(1) : v.toFixed(0);

export function pcts(r: LoadResult | null) {
  if (!r || !r.latencies.length) return 'n/a';
  const s = [...r.latencies].sort((a, b) => a - b);
  return (
    `${ms(percentile(s, 0.5))} / ${ms(percentile(s, 0.95))} / ${ms(
      percentile(s, 0.99),
    )}` +
    (r.errors ? ` (${r.errors} err)` : '') +
    (r.skipped ? ` (n=${r.ok})` : '')
  );
}

export function table(rows: Row[], markdown: boolean): string {
  const header = [
    'size',
    'database',
    'events',
    'ingest events/s',
    'entity p50/p95/p99 ms',
    'team p50/p95/p99 ms',
    'rollup p50/p95/p99 ms',
    'peak RSS MB',
    'identical',
  ];
  const body = rows.map(r => [
    r.size,
    r.db,
    r.events ? String(r.events) : 'n/a',
    r.ingestPerSecond === null ? 'n/a' : String(Math.round(r.ingestPerSecond)),
    pcts(r.entity),
    pcts(r.team),
    pcts(r.rollup),
    r.peakRssMb === null ? 'n/a' : r.peakRssMb.toFixed(0),
    r.identical,
  ]);
  return render(header, body, markdown);
}

/** Every read phase with the backend's longest event-loop block in it. */
export function phaseTable(rows: Row[], markdown: boolean): string {
  const header = [
    'size',
    'database',
    'phase',
    'concurrency',
    'p50/p95/p99 ms',
    'loop blocked max ms',
    'loop delay p99 ms',
  ];
  const body = rows.flatMap(r =>
    r.phases.map(p => [
      r.size,
      r.db,
      p.name,
      String(p.concurrency),
      pcts(p.result),
      p.loop ? ms(p.loop.maxMs) : 'n/a',
      p.loop ? ms(p.loop.p99Ms) : 'n/a',
    ]),
  );
  return render(header, body, markdown);
}

function render(header: string[], body: string[][], markdown: boolean) {
  if (markdown) {
    return [header, header.map(() => '---'), ...body]
      .map(c => `| ${c.join(' | ')} |`)
      .join('\n');
  }
  const widths = header.map((h, i) =>
    Math.max(h.length, ...body.map(b => b[i].length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [
    line(header),
    widths.map(w => '-'.repeat(w)).join('  '),
    ...body.map(line),
  ].join('\n');
}
