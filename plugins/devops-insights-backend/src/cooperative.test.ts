import { runSteps, Steps } from '@devops-insights/backstage-plugin-common';
import { runCooperatively, TimeSlice } from './cooperative';

/** Steps that record, in order, each chunk and whatever ran in between. */
function* counting(log: string[], chunks: number): Steps<number> {
  for (let i = 0; i < chunks; i++) {
    log.push(`chunk ${i}`);
    yield;
  }
  return chunks;
}

describe('runCooperatively', () => {
  it('lets queued work run between chunks once a slice is used up', async () => {
    const log: string[] = [];
    let now = 0;
    // Every chunk "takes" 30 ms on this clock: over the slice each time.
    const clock = () => (now += 30);
    setImmediate(() => log.push('other request'));
    const result = await runCooperatively(
      counting(log, 3),
      new TimeSlice(clock),
    );
    expect(result).toBe(3);
    expect(log.indexOf('other request')).toBeGreaterThan(0);
    expect(log.indexOf('other request')).toBeLessThan(log.length - 1);
  });

  it('runs chunks back to back within a slice, with the result of an uninterrupted run', async () => {
    const log: string[] = [];
    const frozen = () => 0;
    setImmediate(() => log.push('other request'));
    const result = await runCooperatively(
      counting(log, 3),
      new TimeSlice(frozen),
    );
    expect(log).toEqual(['chunk 0', 'chunk 1', 'chunk 2']);
    expect(result).toBe(runSteps(counting([], 3)));
  });
});
