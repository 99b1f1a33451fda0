import { cpus } from 'node:os';
import { readdirSync, readFileSync } from 'node:fs';

/** Clock ticks per second of /proc's CPU times (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const SAMPLE_MS = 500;

/** CPU seconds over a phase: the machine's, and of each group of processes. */
export type CpuShares = {
  wallSeconds: number;
  cores: number;
  /** Busy CPU seconds of the whole machine. */
  busy: number;
  backends: number;
  postgres: number;
  /** The bench itself: generating, serialising and sending the events. */
  bench: number;
  /** Busy but in none of the above (the OS, other users of the VM). */
  other: number;
};

function processTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command's closing parenthesis start at field 3.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime + stime
  } catch {
    return undefined; // it ended
  }
}

function machineBusyTicks(): number {
  const [, ...values] = readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .trim()
    .split(/\s+/);
  const [user, nice, system, , , irq, softirq, steal] = values.map(Number);
  return user + nice + system + irq + softirq + steal;
}

function postgresPids(): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/comm`, 'utf8').trim() === 'postgres') {
        out.push(Number(entry));
      }
    } catch {
      // it ended
    }
  }
  return out;
}

/**
 * Samples where the machine's CPU goes until `stop()`: the bench shares
 * two cores with the backends and PostgreSQL, so a throughput measured here
 * is bounded by all three. Per-process times are sampled as deltas, so a
 * process that ends (a killed replica) keeps what it used up to its last
 * sample.
 */
export function startCpuShares(backendPids: () => number[]): {
  stop(): CpuShares;
} {
  const started = Date.now();
  const busyAtStart = machineBusyTicks();
  const last = new Map<number, number>();
  const totals = { backends: 0, postgres: 0, bench: 0 };
  // The first pass only notes each process's time so far; later passes
  // count what each used since, a process started meanwhile (a Postgres
  // connection, a restarted replica) from its start.
  const sample = (count: boolean) => {
    const groups: Array<[keyof typeof totals, number[]]> = [
      ['backends', backendPids()],
      ['postgres', postgresPids()],
      ['bench', [process.pid]],
    ];
    for (const [group, pids] of groups) {
      for (const pid of pids) {
        const ticks = processTicks(pid);
        if (ticks === undefined) continue;
        if (count) totals[group] += ticks - (last.get(pid) ?? 0);
        last.set(pid, ticks);
      }
    }
  };
  sample(false);
  const timer = setInterval(() => sample(true), SAMPLE_MS);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      sample(true);
      const seconds = (ticks: number) => ticks / TICKS_PER_SECOND;
      const busy = seconds(machineBusyTicks() - busyAtStart);
      const [backends, postgres, bench] = [
        totals.backends,
        totals.postgres,
        totals.bench,
      ].map(seconds);
      return {
        wallSeconds: (Date.now() - started) / 1000,
        cores: cpus().length,
        busy,
        backends,
        postgres,
        bench,
        other: Math.max(0, busy - backends - postgres - bench),
      };
    },
  };
}

/** One line for the log and the report. */
export function describeShares(s: CpuShares, events: number): string {
  const pct = (v: number) =>
    `${Math.round((100 * v) / (s.wallSeconds * s.cores))} %`;
  return (
    `of ${s.cores} cores over ${s.wallSeconds.toFixed(0)} s: backends ${pct(
      s.backends,
    )} (${Math.round(events / s.backends)} events per backend CPU-second), ` +
    `PostgreSQL ${pct(s.postgres)}, bench client ${pct(s.bench)}, other ${pct(
      s.other,
    )}, idle ${pct(s.wallSeconds * s.cores - s.busy)}`
  );
}
