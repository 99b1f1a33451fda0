import { DbKind } from './backend';
import { SizeName } from './generate';

/** The command line of yarn bench. */

export type Options = {
  size: SizeName;
  dbs: DbKind[];
  requests: number;
  concurrency: number;
  /** Readers in flight for the area-level toil and on-call phases. */
  areaConcurrency: number;
  ingestConcurrency: number;
  seed: number;
  sampleServices: number;
  sampleTeams: number;
  budgetSeconds: number;
  ingestBudgetSeconds: number;
  /** The backend's `--max-old-space-size`; undefined: V8's default. */
  backendHeapMb?: number;
  /** `devopsInsights.factsCache.maxMegabytes`; undefined: the default. */
  factsMegabytes?: number;
  markdown: boolean;
  /** Run the backend from TypeScript (as `yarn start`) instead of the built bundle. */
  dev: boolean;
  /** Backends on one PostgreSQL database (same prefix). */
  replicas: number;
  /** In flight for the one entity DORA run at high concurrency. */
  burstConcurrency: number;
  /** Entity DORA requests timed right after a replica restarts. */
  restartRequests: number;
  /** Where each read phase's CPU profile of every backend is written; undefined: none. */
  cpuProfileDir?: string;
};

const USAGE = `usage: yarn bench [--size S|M|L] [--db sqlite|postgres|both] [--requests N]
                  [--dev] [--replicas N] [--burst-concurrency C] [--restart-requests N]
                  [--concurrency C] [--area-concurrency C]
                  [--ingest-concurrency C] [--seed N]
                  [--sample-services N] [--sample-teams N] [--budget-seconds S]
                  [--ingest-budget-seconds S] [--backend-heap-mb N] [--facts-mb N]
                  [--cpu-profile DIR] [--markdown]`;

export function parseArgs(argv: string[]): Options {
  const opts: Options = {
    size: 'S',
    dbs: ['sqlite', 'postgres'],
    requests: 200,
    concurrency: 8,
    areaConcurrency: 16,
    ingestConcurrency: 3,
    seed: 42,
    sampleServices: 8,
    sampleTeams: 2,
    budgetSeconds: 120,
    ingestBudgetSeconds: 1800,
    markdown: false,
    dev: false,
    replicas: 1,
    burstConcurrency: 64,
    restartRequests: 200,
  };
  let dbGiven = false;
  let ingestBudgetGiven = false;
  const int = (name: string, v: string | undefined, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min)
      fail(`${name} must be an integer ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--size': {
        const v = value()?.toUpperCase();
        if (v !== 'S' && v !== 'M' && v !== 'L')
          fail('--size must be S, M or L');
        opts.size = v as SizeName;
        break;
      }
      case '--db': {
        dbGiven = true;
        const v = value();
        if (v === 'both') opts.dbs = ['sqlite', 'postgres'];
        else if (v === 'sqlite' || v === 'postgres') opts.dbs = [v];
        else fail('--db must be sqlite, postgres or both');
        break;
      }
      case '--requests':
        opts.requests = int(flag, value(), 1);
        break;
      case '--concurrency':
        opts.concurrency = int(flag, value(), 1);
        break;
      case '--area-concurrency':
        opts.areaConcurrency = int(flag, value(), 1);
        break;
      case '--ingest-concurrency':
        opts.ingestConcurrency = int(flag, value(), 1);
        break;
      case '--seed':
        opts.seed = int(flag, value(), 0);
        break;
      case '--sample-services':
        opts.sampleServices = int(flag, value(), 0);
        break;
      case '--sample-teams':
        opts.sampleTeams = int(flag, value(), 0);
        break;
      case '--budget-seconds':
        opts.budgetSeconds = int(flag, value(), 1);
        break;
      case '--ingest-budget-seconds':
        ingestBudgetGiven = true;
        opts.ingestBudgetSeconds = int(flag, value(), 1);
        break;
      case '--dev':
        opts.dev = true;
        break;
      case '--replicas':
        opts.replicas = int(flag, value(), 1);
        break;
      case '--burst-concurrency':
        opts.burstConcurrency = int(flag, value(), 1);
        break;
      case '--restart-requests':
        opts.restartRequests = int(flag, value(), 1);
        break;
      case '--backend-heap-mb':
        opts.backendHeapMb = int(flag, value(), 64);
        break;
      case '--facts-mb':
        opts.factsMegabytes = int(flag, value(), 1);
        break;
      case '--cpu-profile':
        opts.cpuProfileDir = value();
        break;
      case '--markdown':
        opts.markdown = true;
        break;
      case '--help':
      case '-h':
        console.log(USAGE);
        process.exit(0);
      // eslint-disable-next-line no-fallthrough
      default:
        fail(`unknown argument ${argv[i]}\n${USAGE}`);
    }
  }
  // L and several replicas need PostgreSQL: replicas share its database, and
  // L is specified for it.
  if (opts.size === 'L' || opts.replicas > 1) {
    if (dbGiven && opts.dbs.includes('sqlite'))
      fail(
        `${
          opts.size === 'L' ? '--size L' : '--replicas'
        } runs on PostgreSQL only: use --db postgres`,
      );
    opts.dbs = ['postgres'];
  }
  if (opts.size === 'L' && !ingestBudgetGiven)
    opts.ingestBudgetSeconds = 14_400;
  return opts;
}

export function fail(message: string): never {
  console.error(message);
  process.exit(2);
}
