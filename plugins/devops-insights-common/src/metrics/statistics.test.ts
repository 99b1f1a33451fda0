import { median, percentileCont } from './statistics';

describe('median', () => {
  it.each([
    [[], null],
    [[7], 7],
    [[3, 1], 2],
    [[5, 1, 3], 3],
    [[4, 1, 3, 2], 2.5],
    [[2, 2, 2, 9], 2],
    [[1, 2, 2, 9], 2],
    [[10, 20, 30, 40, 50, 60], 35],
  ])('median(%j) = %p', (values, expected) => {
    expect(median(values)).toBe(expected);
  });
});

describe('percentileCont', () => {
  it.each([
    [[], 0.9, null],
    [[5], 0.9, 5],
    [[1, 2], 0.9, 1.9],
    [[1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9, 9.1],
    [[10, 1, 5], 0.5, 5],
    [[0, 100], 0.25, 25],
    [[3, 3, 3, 3], 0.9, 3],
    [[3600, 7200, 21600, 86400], 0.9, 66960],
  ])('percentileCont(%j, %p) = %p', (values, p, expected) => {
    expect(percentileCont(values, p)).toBe(expected);
  });
});

describe('selection agrees with sorting', () => {
  /** The definitions read off a full sort, as a reference. */
  const sortedMedian = (values: number[]) => {
    const s = Float64Array.from(values).sort();
    const mid = Math.floor(s.length / 2);
    return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  };
  const sortedPercentile = (values: number[], p: number) => {
    const s = Float64Array.from(values).sort();
    const rank = Math.round(p * 1e6) * (s.length - 1);
    const lower = Math.floor(rank / 1e6);
    const fraction = rank - lower * 1e6;
    return fraction === 0
      ? s[lower]
      : s[lower] + ((s[lower + 1] - s[lower]) * fraction) / 1e6;
  };
  let seed = 12345;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
  const cases = Array.from({ length: 300 }, (_, c) => {
    const n = 1 + Math.floor(next() * (c < 200 ? 12 : 3000));
    // Few distinct values in some cases, so runs of equal values are common.
    const spread = c % 3 === 0 ? 4 : 1e6;
    return Array.from(
      { length: n },
      () => Math.floor(next() * spread) - spread / 4,
    );
  });

  it('for every size and many duplicates', () => {
    for (const values of cases) {
      expect(median(values)).toBe(sortedMedian(values));
      for (const p of [0, 0.1, 0.5, 0.9, 0.99, 1]) {
        expect(percentileCont(values, p)).toBe(sortedPercentile(values, p));
      }
    }
  });

  it('leaves the array it is given untouched', () => {
    const values = [5, 3, 9, 1];
    median(values);
    percentileCont(values, 0.9);
    expect(values).toEqual([5, 3, 9, 1]);
  });
});
