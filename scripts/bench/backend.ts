/**
 * Runs the backend (packages/backend) as a child process for the bench, built
 * (the production bundle, see build.ts) or from TypeScript (`--dev`), with a
 * generated config, and watches its memory.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, readFileSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export const TOKEN = 'demo-ci-token-change-me';
const REPO = resolve(__dirname, '../..');

export type DbKind = 'sqlite' | 'postgres';

export type PgTarget = {
  host: string;
  port: number;
  user: string;
  prefix: string;
};

/**
 * The Postgres of BENCH_PG_HOST / _PORT / _USER (default the local one), with
 * databases named by a prefix unique to this process.
 */
export function pgTargetFromEnv(name: string): PgTarget {
  return {
    host: process.env.BENCH_PG_HOST ?? '127.0.0.1',
    port: Number(process.env.BENCH_PG_PORT ?? 5432),
    user: process.env.BENCH_PG_USER ?? 'postgres',
    prefix: `${name}_${process.pid}_${Date.now().toString(36)}_`,
  };
}

export async function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as { port: number }).port;
      server.close(() => ok(port));
    });
  });
}

/** The bench's config, layered over app-config.yaml (arrays replace, objects merge). */
export function benchConfig(opts: {
  port: number;
  catalogFile: string;
  db: DbKind;
  pg?: PgTarget;
  /** Where SQLite keeps one file per plugin. */
  sqliteDirectory: string;
  /** The facts cache's budget; undefined: the default. */
  factsMegabytes?: number;
  /** Config of the source the replicas check polls (syncProbe.ts). */
  syncProbe?: {
    pagerDuty: object;
    devopsInsights: { pagerDuty: object };
  };
}): string {
  // Files, as a production SQLite would be: an in-memory database would add
  // the whole dataset to the backend's RSS, which Postgres never does.
  const database =
    opts.db === 'sqlite'
      ? {
          client: 'better-sqlite3',
          connection: { directory: opts.sqliteDirectory },
        }
      : {
          client: 'pg',
          prefix: opts.pg!.prefix,
          connection: {
            host: opts.pg!.host,
            port: opts.pg!.port,
            user: opts.pg!.user,
          },
        };
  const config = {
    backend: {
      baseUrl: `http://127.0.0.1:${opts.port}`,
      listen: { port: opts.port, host: '127.0.0.1' },
      database,
    },
    catalog: {
      locations: [{ type: 'file', target: opts.catalogFile }],
    },
    ...(opts.syncProbe && { pagerDuty: opts.syncProbe.pagerDuty }),
    devopsInsights: {
      demo: { enabled: false },
      ...(opts.factsMegabytes && {
        factsCache: { maxMegabytes: opts.factsMegabytes },
      }),
      ...opts.syncProbe?.devopsInsights,
    },
  };
  return JSON.stringify(config, null, 2);
}

function readStatus(pid: number): Record<string, string> | undefined {
  try {
    const out: Record<string, string> = {};
    for (const line of readFileSync(`/proc/${pid}/status`, 'utf8').split(
      '\n',
    )) {
      const i = line.indexOf(':');
      if (i > 0) out[line.slice(0, i)] = line.slice(i + 1).trim();
    }
    return out;
  } catch {
    return undefined;
  }
}

const kb = (value: string | undefined) => (value ? parseInt(value, 10) : 0);

/** Every live descendant of pid (through /proc/<pid>/task/<tid>/children). */
function descendants(pid: number): number[] {
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) {
    const p = queue.shift()!;
    let tasks: string[] = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const c of readFileSync(
          `/proc/${p}/task/${tid}/children`,
          'utf8',
        ).split(/\s+/)) {
          if (c) {
            out.push(Number(c));
            queue.push(Number(c));
          }
        }
      } catch {
        // the task ended meanwhile
      }
    }
  }
  return out;
}

/** Event-loop delay of the backend over a phase, in ms. */
export type LoopDelay = { maxMs: number; p99Ms: number; meanMs: number };

export class Backend {
  private child?: ChildProcess;
  private sampler?: NodeJS.Timeout;
  private peakKb = 0;
  private exited = false;
  readonly baseUrl: string;

  constructor(
    private readonly opts: {
      port: number;
      configFile: string;
      logFile: string;
      heapMb?: number;
      /** Port of the event-loop probe preloaded into the backend. */
      probePort: number;
      /** The unpacked production bundle; undefined: TypeScript (`--dev`). */
      bundleDir?: string;
      /** Postgres for app-config.production.yaml's POSTGRES_* (the bench config overrides the database anyway). */
      pg?: Omit<PgTarget, 'prefix'>;
    },
  ) {
    this.baseUrl = `http://127.0.0.1:${opts.port}`;
  }

  /** Starts a new event-loop delay measurement (see eventLoopProbe.cjs). */
  async resetLoopDelay(): Promise<void> {
    await fetch(`http://127.0.0.1:${this.opts.probePort}/reset`, {
      method: 'POST',
      signal: AbortSignal.timeout(60_000),
    });
  }

  /** Starts V8's CPU profiler in the backend (see eventLoopProbe.cjs). */
  async startProfile(): Promise<void> {
    await this.probe('/profile/start');
  }

  /** Stops the profiler and writes the profile to `file` (a .cpuprofile). */
  async stopProfile(file: string): Promise<void> {
    await this.probe(`/profile/stop?file=${encodeURIComponent(file)}`);
  }

  private async probe(path: string) {
    const res = await fetch(`http://127.0.0.1:${this.opts.probePort}${path}`, {
      method: 'POST',
      signal: AbortSignal.timeout(120_000),
    });
    if (!res.ok) throw new Error(`probe ${path}: ${await res.text()}`);
  }

  /** The longest the backend's event loop was blocked since the last reset. */
  async loopDelay(): Promise<LoopDelay | null> {
    try {
      const res = await fetch(`http://127.0.0.1:${this.opts.probePort}/`, {
        signal: AbortSignal.timeout(60_000),
      });
      return (await res.json()) as LoopDelay;
    } catch {
      return null;
    }
  }

  /**
   * Built: `node packages/backend --config app-config.yaml --config
   * app-config.production.yaml` from the unpacked bundle, as create-app's
   * Dockerfile starts it, plus the bench's config. `--dev`: packages/backend's
   * src/index the way `backstage-cli package start` runs its child (same
   * transpiler hook), minus the file watcher (a watcher restart mid-run would
   * lose the run). Can be called again after the backend exited (a restart).
   */
  start() {
    const log = createWriteStream(this.opts.logFile, { flags: 'a' });
    const bundle = this.opts.bundleDir;
    const heap = this.opts.heapMb
      ? [`--max-old-space-size=${this.opts.heapMb}`]
      : [];
    const probe = ['--require', join(__dirname, 'eventLoopProbe.cjs')];
    const args = bundle
      ? [
          ...heap,
          ...probe,
          'packages/backend',
          '--config',
          'app-config.yaml',
          '--config',
          'app-config.production.yaml',
        ]
      : [
          ...heap,
          '--enable-source-maps',
          '--require',
          require.resolve('@backstage/cli-node/config/nodeTransform.cjs'),
          ...probe,
          'src/index',
          '--config',
          join(REPO, 'app-config.yaml'),
        ];
    const pg = this.opts.pg ?? { host: '127.0.0.1', port: 5432, user: 'x' };
    const child = spawn(
      process.execPath,
      [...args, '--config', this.opts.configFile],
      {
        cwd: bundle ?? join(REPO, 'packages/backend'),
        env: {
          ...process.env,
          NODE_ENV: bundle ? 'production' : 'development',
          LOG_LEVEL: 'warn',
          BENCH_PROBE_PORT: String(this.opts.probePort),
          ...(bundle && {
            POSTGRES_HOST: pg.host,
            POSTGRES_PORT: String(pg.port),
            POSTGRES_USER: pg.user,
            DEVOPS_INSIGHTS_CI_TOKEN: TOKEN,
          }),
        },
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      },
    );
    this.child = child;
    this.exited = false;
    child.stdout!.pipe(log);
    child.stderr!.pipe(log);
    child.once('exit', () => {
      if (this.child === child) this.exited = true;
    });
    clearInterval(this.sampler);
    this.sampler = setInterval(() => this.sample(), 250);
    this.sampler.unref();
  }

  /** SIGKILL, as a crashed or evicted replica ends; resolves once it exited. */
  async crash() {
    const child = this.child;
    if (!child?.pid || this.exited) return;
    this.sample();
    const exited = new Promise(ok => child.once('exit', ok));
    // Not alive from now on: requests failing with it go elsewhere.
    this.exited = true;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  }

  get pid() {
    return this.child?.pid;
  }

  get alive() {
    return Boolean(this.child) && !this.exited;
  }

  /** The backend's node processes: the child and anything it spawned. */
  pids(): number[] {
    if (!this.child?.pid || this.exited) return [];
    return [this.child.pid, ...descendants(this.child.pid)];
  }

  /** Max over processes of VmHWM (the kernel's own peak RSS). */
  sample(): number {
    for (const pid of this.pids()) {
      const status = readStatus(pid);
      if (!status || !/node/.test(status.Name ?? '')) continue;
      this.peakKb = Math.max(this.peakKb, kb(status.VmHWM), kb(status.VmRSS));
    }
    return this.peakKb;
  }

  peakRssMb(): number {
    this.sample();
    return this.peakKb / 1024;
  }

  async waitReady(timeoutMs: number) {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.exited) {
        throw new Error(
          `backend exited during startup; see ${this.opts.logFile}`,
        );
      }
      try {
        const res = await fetch(
          `${this.baseUrl}/.backstage/health/v1/readiness`,
          {
            signal: AbortSignal.timeout(2000),
          },
        );
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(500);
    }
    throw new Error(
      `backend not ready after ${timeoutMs / 1000}s; see ${this.opts.logFile}`,
    );
  }

  async stop() {
    clearInterval(this.sampler);
    const pid = this.child?.pid;
    if (!pid || this.exited) return;
    const exited = new Promise(ok => this.child!.once('exit', ok));
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      return;
    }
    await Promise.race([exited, sleep(10_000)]);
    this.kill();
  }

  /** Synchronous last resort, usable from an exit handler. */
  kill() {
    const pid = this.child?.pid;
    if (!pid || this.exited) return;
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

export const sleep = (ms: number) => new Promise(ok => setTimeout(ok, ms));

/** Postgres through `pg` (a dependency of the backend's database layer). */
export async function pgQuery(
  target: Omit<PgTarget, 'prefix'> & { database?: string },
  sql: string,
): Promise<Array<Record<string, unknown>>> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Client } = require('pg');
  const client = new Client({
    host: target.host,
    port: target.port,
    user: target.user,
    database: target.database ?? 'postgres',
    connectionTimeoutMillis: 3000,
  });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

/** Drops every database the run created (one per plugin, named prefix + plugin id). */
export async function dropPrefixedDatabases(
  target: PgTarget,
): Promise<string[]> {
  if (!/^bench_[a-z0-9_]+_$/.test(target.prefix))
    throw new Error('unexpected prefix');
  const rows = await pgQuery(
    target,
    `SELECT datname FROM pg_database WHERE datname LIKE '${target.prefix}%'`,
  );
  const names = rows
    .map(r => String(r.datname))
    .filter(n => n.startsWith(target.prefix));
  for (const name of names) {
    await pgQuery(
      target,
      `DROP DATABASE IF EXISTS "${name.replace(/"/g, '')}" WITH (FORCE)`,
    );
  }
  return names;
}
