import { Org, prng } from './generate';
import { Options } from './options';

/** The entities and teams whose figures the correctness check compares. */
export type Sample = {
  ref: string;
  serviceRefs: string[];
  kind: 'entity' | 'team';
};

export function chooseSamples(org: Org, opts: Options): Sample[] {
  const rand = prng(opts.seed ^ 0x5eed);
  const pick = <T>(items: T[], n: number) => {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < n && pool.length)
      out.push(pool.splice(Math.floor(rand() * pool.length), 1)[0]);
    return out;
  };
  const services = pick(org.services, opts.sampleServices).map(s => ({
    ref: s.ref,
    serviceRefs: [s.ref],
    kind: 'entity' as const,
  }));
  // Leaf teams: their scope is exactly the services they own.
  const leaves = org.teams.filter(
    t => !org.teams.some(c => c.parent === t.index),
  );
  const teams = pick(leaves, opts.sampleTeams).map(t => ({
    ref: t.ref,
    serviceRefs: org.services.filter(s => s.team === t.index).map(s => s.ref),
    kind: 'team' as const,
  }));
  return [...services, ...teams];
}
