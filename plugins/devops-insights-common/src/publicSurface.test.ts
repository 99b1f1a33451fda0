import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as common from './index';

/**
 * The package's surface is what other packages and users need (types,
 * schemas, permissions, definitions), each export `@public`; what only the
 * backend evaluates windows with is `@alpha` (Backstage's release tags, as
 * API Extractor reads them).
 */

function sourcesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name.startsWith('__') ? [] : sourcesUnder(path);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [readFileSync(path, 'utf8')]
      : [];
  });
}

/** The release tag of each exported declaration, by name. */
function releaseTags(): Map<string, string | null> {
  const tags = new Map<string, string | null>();
  const declaration =
    /(\/\*\*(?:(?!\*\/)[\s\S])*\*\/\s*)?export (?:declare )?(?:function\*?|const|class|type) (\w+)/g;
  for (const source of sourcesUnder(__dirname)) {
    for (const [, doc, name] of source.matchAll(declaration)) {
      tags.set(
        name,
        doc?.match(/@(public|alpha|beta|internal)\b/)?.[1] ?? null,
      );
    }
  }
  return tags;
}

describe('the public surface of -common', () => {
  const tags = releaseTags();
  const exported = Object.keys(common).sort();

  it('tags every export it offers with a release tag', () => {
    expect(exported.filter(name => !tags.get(name))).toEqual([]);
  });

  it('keeps the fact layouts and the pausable steps out of the public surface (alpha)', () => {
    expect(exported.filter(name => tags.get(name) === 'alpha')).toEqual([
      'ROWS_PER_STEP',
      'appendTo',
      'doraFactsOf',
      'doraFactsWithin',
      'doraMetricsOf',
      'doraWeeklyOf',
      'onCallSteps',
      'runSteps',
      'toilFactsOf',
      'toilFactsWithin',
      'toilOf',
    ]);
    expect(['DoraFacts', 'ToilFacts', 'Steps'].map(t => tags.get(t))).toEqual([
      'alpha',
      'alpha',
      'alpha',
    ]);
  });

  it('keeps helpers of the definitions out of the package', () => {
    for (const name of [
      'lowerBound',
      'partitionPoint',
      'medianInPlace',
      'percentileContInPlace',
    ]) {
      expect(exported).not.toContain(name);
    }
  });
});
