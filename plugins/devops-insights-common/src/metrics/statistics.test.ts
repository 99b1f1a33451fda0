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
