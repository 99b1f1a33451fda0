/**
 * The built backend the bench measures by default: `yarn build:backend` when
 * the bundle is missing or older than a source, then unpacked as
 * packages/backend/Dockerfile lays it out (scripts/lib/unpackBackend.sh).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { log } from './log';

const REPO = resolve(__dirname, '../..');
const BUNDLE = join(REPO, 'packages/backend/dist/bundle.tar.gz');

function yarnRelease(): string {
  if (process.env.DI_YARN_RELEASE) return process.env.DI_YARN_RELEASE;
  const dir = join(REPO, '.yarn/releases');
  const release = readdirSync(dir).find(f => /^yarn-.*\.cjs$/.test(f));
  if (!release) throw new Error(`no Yarn release in ${dir}`);
  return join(dir, release);
}

/**
 * A file the bundle is built from that changed after it (or undefined): the
 * workspaces' sources and manifests, the lockfile. A find over the source
 * trees, without node_modules and build output: well under a second.
 */
function newerSource(): string | undefined {
  const out = execFileSync(
    'find',
    [
      'packages',
      'plugins',
      'yarn.lock',
      '(',
      '-name',
      'node_modules',
      '-o',
      '-name',
      'dist',
      '-o',
      '-name',
      'dist-types',
      '-o',
      '-name',
      '*.test.ts',
      '-o',
      '-name',
      '*.test.tsx',
      ')',
      '-prune',
      '-o',
      '-type',
      'f',
      '-newer',
      BUNDLE,
      '-print',
      '-quit',
    ],
    { cwd: REPO, encoding: 'utf8' },
  ).trim();
  return out || undefined;
}

/** Builds the backend if needed, unpacks it into `target`; returns `target`. */
export function prepareBuiltBackend(target: string): string {
  const yarn = yarnRelease();
  const stale = existsSync(BUNDLE) ? newerSource() : 'no bundle yet';
  if (stale) {
    log(`building the backend (yarn build:backend): ${stale}`);
    const started = Date.now();
    execFileSync(process.execPath, [yarn, 'build:backend'], {
      cwd: REPO,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    log(`built in ${((Date.now() - started) / 1000).toFixed(0)}s`);
  } else {
    const at = statSync(BUNDLE).mtime.toISOString();
    log(`reusing the backend bundle built ${at} (no source newer)`);
  }
  const started = Date.now();
  execFileSync(join(REPO, 'scripts/lib/unpackBackend.sh'), [target], {
    cwd: REPO,
    env: { ...process.env, DI_YARN_RELEASE: yarn },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  log(
    `unpacked the bundle in ${target} (${(
      (Date.now() - started) /
      1000
    ).toFixed(0)}s)`,
  );
  return target;
}
