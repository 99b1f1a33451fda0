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
  /** Where the machine's CPU went during ingestion (cpuShares.ts). */
  ingestCpu?: string;
  entity: LoadResult | null;
  team: LoadResult | null;
  rollup: LoadResult | null;
  phases: Phase[];
  peakRssMb: number | null;
  /** Peak RSS of each replica (one entry with one backend). */
  peakRssPerReplicaMb: number[];
  identical: string;
  replicas: number;
  /** Seconds of the first rollup request after ingestion. */
  firstRollupSeconds?: number;
  /**
   * Seconds of the rollup after each small batch of new data: computed by
   * one replica, then served by the other.
   */
  rollupsAfterNewData?: Array<{ computed: number; other: number }>;
  /** Stored rows against generated events (none lost, none doubled). */
  rows?: string;
  /** Scheduled sync runs across replicas. */
  sync?: string;
  note?: string;
};

/**
 * The targets of issue #12 (printed next to the measured figures, never
 * asserted). S is compared with M's.
 */
const TARGETS: Array<{
  what: string;
  M: string;
  L: string;
  measured: (r: Row) => string;
}> = [
  {
    what: 'ingestion',
    M: '≥ 20 000 events/s',
    L: '≥ 20 000 events/s',
    measured: r =>
      r.ingestPerSecond === null
        ? 'n/a'
        : `${Math.round(r.ingestPerSecond)} events/s`,
  },
  {
    what: 'entity DORA p95',
    M: '< 30 ms',
    L: '< 50 ms',
    measured: r => p95Of(r, 'entity DORA'),
  },
  {
    what: 'team DORA p95 (area teams included)',
    M: '< 60 ms',
    L: '< 100 ms',
    measured: r => p95Of(r, 'team DORA'),
  },
  {
    what: 'rollup, all teams: first after new data / steady p95',
    M: '< 1 s / < 100 ms',
    L: '< 5 s / < 300 ms',
    measured: r =>
      `${
        r.firstRollupSeconds === undefined
          ? 'n/a'
          : `${r.firstRollupSeconds.toFixed(1)} s`
      } / ${p95Of(r, 'rollup')}`,
  },
  {
    what: '`/v1/deployments` page of an area team p95',
    M: '< 50 ms',
    L: '< 100 ms',
    measured: r => p95Of(r, 'area deployments page'),
  },
  {
    what: 'rollup after a small batch of new data (facts warm): computed; served by the other replica',
    M: '< 1 s',
    L: '< 5 s',
    measured: r =>
      r.rollupsAfterNewData?.length
        ? `${r.rollupsAfterNewData
            .map(x => x.computed.toFixed(2))
            .join(', ')} s; ${r.rollupsAfterNewData
            .map(x => x.other.toFixed(2))
            .join(', ')} s`
        : 'n/a',
  },
  {
    what: 'peak RSS per backend (default heap settings)',
    M: '< 500 MB',
    L: '< 1 GB',
    measured: r =>
      r.peakRssPerReplicaMb.length
        ? `${r.peakRssPerReplicaMb.map(m => m.toFixed(0)).join(' / ')} MB`
        : 'n/a',
  },
  {
    what: 'first 200 entity requests after a replica restart, p95',
    M: '< 200 ms',
    L: '< 300 ms',
    measured: r => p95Of(r, 'entity DORA after restart'),
  },
  {
    what: 'identical to the pure definitions',
    M: 'all sampled',
    L: 'all sampled',
    measured: r => r.identical,
  },
  {
    what: `entity DORA at high concurrency: p95, errors (none allowed)`,
    M: 'none',
    L: 'none',
    measured: r => {
      const p = r.phases.find(x => x.name.startsWith('entity DORA ×'));
      return p ? `${p95Of(r, p.name)}, ${p.result.errors} errors` : 'n/a';
    },
  },
];

function p95Of(r: Row, phase: string): string {
  const p = r.phases.find(x => x.name === phase)?.result;
  if (!p || !p.latencies.length) return 'n/a';
  const v = percentile(
    [...p.latencies].sort((a, b) => a - b),
    0.95,
  );
  return `${ms(v)} ms${p.errors ? ` (${p.errors} err)` : ''}`;
}

/** The issue's targets next to each run's measured figures. */
export function targetsTable(rows: Row[], markdown: boolean): string {
  const header = [
    'target',
    ...rows.flatMap(r => [
      `${r.size === 'L' ? 'L' : 'M'} target`,
      `${r.size} ${r.db}${r.replicas > 1 ? ` ×${r.replicas}` : ''}`,
    ]),
  ];
  const body = TARGETS.map(t => [
    t.what,
    ...rows.flatMap(r => [r.size === 'L' ? t.L : t.M, t.measured(r)]),
  ]);
  return render(header, body, markdown);
}

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
    r.peakRssPerReplicaMb.length
      ? r.peakRssPerReplicaMb.map(m => m.toFixed(0)).join(' / ')
      : 'n/a',
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
