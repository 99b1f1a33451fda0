import { ResponseCache } from './ResponseCache';

describe('ResponseCache', () => {
  it('expires entries after their time', async () => {
    let now = 0;
    const cache = new ResponseCache({
      maxEntries: 4,
      ttlMs: 1000,
      now: () => now,
    });
    const load = jest.fn().mockResolvedValue('v');
    await cache.get('a', load);
    now = 999;
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(1);
    now = 1000;
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('drops the least recently used entry beyond its size', async () => {
    const cache = new ResponseCache({ maxEntries: 2, ttlMs: 1000 });
    const load = jest.fn().mockResolvedValue('v');
    await cache.get('a', load);
    await cache.get('b', load);
    await cache.get('a', load); // a is now the most recent
    await cache.get('c', load); // b goes
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get('a', load);
    expect(load).toHaveBeenCalledTimes(3);
    await cache.get('b', load);
    expect(load).toHaveBeenCalledTimes(4);
  });
});
