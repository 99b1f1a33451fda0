import { SHARED_NOW_MS, sharedNow } from './sharedNow';

describe('sharedNow', () => {
  it('is the same for tabs opened within a minute, then moves on', () => {
    const first = sharedNow(() => 1_000_000);
    expect(sharedNow(() => 1_000_000 + SHARED_NOW_MS - 1)).toBe(first);
    const later = sharedNow(() => 1_000_000 + SHARED_NOW_MS);
    expect(later.getTime()).toBe(1_000_000 + SHARED_NOW_MS);
  });
});
