import type { EntityFacts } from './EntityFactsCache';

/*
 * What one entity's facts take in memory, from their structure: the bytes of
 * its typed-array columns, a fixed cost per entity and a cost per toil source
 * string. Measured, not guessed, by scripts/measure/factsBytes.ts (node
 * --expose-gc; heapUsed + arrayBuffers after full GCs, before and after
 * building 200–20 000 entities' facts of one shape, 5 runs; Node 22.23):
 *
 * | shape                                          | measured B/entity | this estimate |
 * | empty (13 empty columns, 7 objects)            | 2 969–2 971       | 2 970         |
 * | 2 000 deployments                              | 38 969            | 38 970        |
 * | 5 000 lead-time samples                        | 202 967–202 969   | 202 970       |
 * | 5 000 restores                                 | 82 966–82 969     | 82 970        |
 * | 5 000 toil items, 6-char sources               | 247 926–248 044   | 247 970       |
 * | 5 000 toil items, 60-char sources              | 527 926–528 046   | 527 970       |
 * | 5 deployments, 15 lead times, 1 restore, 2 toil| 3 903–3 945       | 3 774         |
 * | 1 000 deployments, 3 000 lead times, 100       | 149 868–149 994   | 149 920       |
 * |   restores, 150 toil items (a service at M)    |                   |               |
 *
 * Small columns cost a little more than their bytes (4 % at 5 deployments);
 * the budget is met within that.
 */

/** Thirteen typed arrays with their ArrayBuffers, and the objects around them. */
const PER_ENTITY = 2970;
/** A toil source: its slot in the array and a string header of 16 bytes. */
const PER_SOURCE = 24;

const BEYOND_LATIN1 = /[\u0100-\uffff]/;

/** The measured memory of one entity's facts, in bytes. */
export function bytesOfFacts({ dora, toil }: EntityFacts): number {
  const columns = [
    ...Object.values(dora.deployments),
    ...Object.values(dora.leadTimes),
    ...Object.values(dora.restores),
    toil.items.at,
    toil.items.signal,
    toil.items.hours,
  ];
  let bytes = PER_ENTITY;
  for (const column of columns) bytes += column.byteLength;
  for (const source of toil.items.source) {
    // One byte a character, two for text beyond Latin-1; 8-byte aligned.
    const width = BEYOND_LATIN1.test(source) ? 2 : 1;
    bytes += PER_SOURCE + Math.ceil((source.length * width) / 8) * 8;
  }
  return bytes;
}
