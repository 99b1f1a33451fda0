/*
 * Summarises a V8 .cpuprofile (as `yarn bench --cpu-profile DIR` writes per
 * phase): the functions with the most self time, and the functions of this
 * repository with the most inclusive time (time with them on the stack), so
 * a phase's cost can be named without opening DevTools.
 *
 *   node --require @backstage/cli/config/nodeTransform.cjs \
 *     scripts/measure/cpuProfileTop.ts FILE.cpuprofile [--top N]
 *
 * Hand-written rather than a library: the format is a node tree with sample
 * ids and time deltas, and the packages that read it (e.g. for flame graphs)
 * render rather than tabulate.
 */
import { readFileSync } from 'node:fs';

type ProfileNode = {
  id: number;
  callFrame: {
    functionName: string;
    url: string;
    lineNumber: number;
  };
  children?: number[];
};

type Profile = {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
};

const [file, ...rest] = process.argv.slice(2);
if (!file) {
  console.error('usage: cpuProfileTop.ts FILE.cpuprofile [--top N]');
  process.exit(2);
}
const top = rest[0] === '--top' ? Number(rest[1]) : 15;
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;

const byId = new Map(profile.nodes.map(n => [n.id, n]));
const parent = new Map<number, number>();
for (const node of profile.nodes) {
  for (const child of node.children ?? []) parent.set(child, node.id);
}

/** A function's name as DevTools shows it: name, file and line. */
function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url
    ? `${url.replace(/^.*\/(plugins|packages|node_modules)\//, '$1/')}:${
        lineNumber + 1
      }`
    : '';
  return `${functionName || '(anonymous)'} ${where}`.trim();
}

const ours = (node: ProfileNode) =>
  /\/plugins\/devops-insights/.test(node.callFrame.url) ||
  /@devops-insights\//.test(node.callFrame.url);

const self = new Map<string, number>();
const inclusive = new Map<string, number>();
let total = 0;
profile.samples.forEach((id, i) => {
  // The delta before sample i is the time attributed to it (as DevTools).
  const ms = (profile.timeDeltas[i] ?? 0) / 1000;
  total += ms;
  const leaf = byId.get(id)!;
  self.set(nameOf(leaf), (self.get(nameOf(leaf)) ?? 0) + ms);
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const node = byId.get(at)!;
    if (!ours(node)) continue;
    const name = nameOf(node);
    if (seen.has(name)) continue; // recursion counts once
    seen.add(name);
    inclusive.set(name, (inclusive.get(name) ?? 0) + ms);
  }
});

function print(title: string, entries: Map<string, number>) {
  console.log(`\n${title}`);
  [...entries]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([name, ms]) =>
      console.log(
        `${ms.toFixed(0).padStart(8)} ms ${((100 * ms) / total)
          .toFixed(1)
          .padStart(5)} %  ${name}`,
      ),
    );
}

console.log(`${file}: ${(total / 1000).toFixed(1)} s sampled`);
print('self time', self);
print("inclusive time, this repository's functions", inclusive);
