import { SHARED_NOW_MS, sharedNow } from './sharedNow';

describe('sharedNow', () => {
  const minute = 1_000 * SHARED_NOW_MS;

  it('is the end of the clock minute, the same for every tab and browser in it', () => {
    const first = sharedNow(() => minute + 1);
    expect(first.getTime()).toBe(minute + SHARED_NOW_MS);
    expect(sharedNow(() => minute + SHARED_NOW_MS - 1)).toEqual(first);
    expect(sharedNow(() => minute + SHARED_NOW_MS)).toEqual(first);
  });

  it('moves on with the next minute and is never before the clock', () => {
    expect(sharedNow(() => minute + SHARED_NOW_MS + 1).getTime()).toBe(
      minute + 2 * SHARED_NOW_MS,
    );
    expect(sharedNow(() => minute).getTime()).toBe(minute);
  });
});
