import {
  durationAxisUnit,
  formatAgo,
  formatDuration,
  formatFactor,
  formatHours,
  formatPer12h,
  formatDurationDelta,
  formatPercent,
  formatPercentPointsDelta,
  formatPerDay,
  formatPerDayDelta,
} from './format';

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [42, '42 s'],
    [60, '1 m'],
    [12 * 60 + 20, '12 m 20 s'],
    [4 * 3600 + 12 * 60, '4 h 12 m'],
    [4 * 3600 + 12 * 60 + 29, '4 h 12 m'],
    [3600, '1 h'],
    [3599.6, '1 h'],
    [59 * 60 + 59.7, '1 h'],
    [3 * 86400 + 4 * 3600, '3 d 4 h'],
    [2 * 86400, '2 d'],
    [86400 - 1, '1 d'],
  ])('formats %p seconds as %p', (seconds, expected) => {
    expect(formatDuration(seconds)).toBe(expected);
  });

  it('marks negative durations with a minus sign', () => {
    expect(formatDuration(-90)).toBe('−1 m 30 s');
  });
});

describe('formatPerDay', () => {
  it.each([
    [3.2, '3.2 / day'],
    [3.04, '3 / day'],
    [1, '1 / day'],
    [0, '0 / day'],
    [0.5, '3.5 / week'],
    [1 / 7, '1 / week'],
    [1 / 30, '1 / month'],
  ])('formats %p per day as %p', (perDay, expected) => {
    expect(formatPerDay(perDay)).toBe(expected);
  });
});

describe('formatPercent', () => {
  it.each([
    [0.048, '4.8 %'],
    [0, '0 %'],
    [1, '100 %'],
    [0.12345, '12.3 %'],
    [0.05, '5 %'],
  ])('formats ratio %p as %p', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });
});

describe('deltas', () => {
  it('signs deltas in the unit of the value', () => {
    expect(formatPerDayDelta(0.44, 3)).toBe('+0.4 / day');
    expect(formatPerDayDelta(-1.25, 1)).toBe('−1.3 / day');
    expect(formatDurationDelta(-3900)).toBe('−1 h 5 m');
    expect(formatDurationDelta(30)).toBe('+30 s');
    expect(formatPercentPointsDelta(0.012)).toBe('+1.2 % points');
    expect(formatPercentPointsDelta(-0.1)).toBe('−10 % points');
  });

  it("writes a rate's change in the unit its headline is in", () => {
    // 2.1 / week now, 2.8 / week before: not "−0.1 / day".
    expect(formatPerDay(0.3)).toBe('2.1 / week');
    expect(formatPerDayDelta(-0.1, 0.3)).toBe('−0.7 / week');
    expect(formatPerDay(0.02)).toBe('0.6 / month');
    expect(formatPerDayDelta(0.01, 0.02)).toBe('+0.3 / month');
  });

  it('gives no sign to a delta that rounds to zero', () => {
    expect(formatPerDayDelta(0.01, 2)).toBe('0 / day');
    expect(formatDurationDelta(0.2)).toBe('0 s');
    expect(formatPercentPointsDelta(-0.0001)).toBe('0 % points');
  });
});

describe('formatHours and friends', () => {
  it('keeps one decimal at most', () => {
    expect(formatHours(12.5)).toBe('12.5 h');
    expect(formatHours(40)).toBe('40 h');
    expect(formatHours(0.25)).toBe('0.3 h');
    expect(formatPer12h(2)).toBe('2 / 12 h');
    expect(formatPer12h(1.26)).toBe('1.3 / 12 h');
    expect(formatFactor(1.5)).toBe('1.5 ×');
  });

  it('never rounds a figure that is not zero to "0"', () => {
    // 2 pages over 30 days of level-1 coverage.
    expect(formatPer12h(2 / 60)).toBe('0.03 / 12 h');
    expect(formatPer12h(0)).toBe('0 / 12 h');
    expect(formatPercent(0.0004)).toBe('0.04 %');
    expect(formatPerDay(1 / 1000)).toBe('0.03 / month');
  });
});

describe('durationAxisUnit', () => {
  it.each([
    ['minutes under 2 h', 9 * 60, 'm'],
    ['hours up to 3 days', 30 * 3600, 'h'],
    ['days beyond', 1000 * 3600, 'd'],
  ])('%s', (_rule, max, label) => {
    expect(durationAxisUnit(max).label).toBe(label);
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-02-10T12:00:00.000Z');
  it.each([
    ['2026-02-10T11:59:40.000Z', 'just now'],
    ['2026-02-10T11:56:00.000Z', '4 min ago'],
    ['2026-02-10T09:00:00.000Z', '3 h ago'],
    ['2026-02-08T11:00:00.000Z', '2 d ago'],
    // A clock slightly ahead of ours is still "just now", not negative.
    ['2026-02-10T12:00:05.000Z', 'just now'],
  ])('says %p was %p', (iso, expected) => {
    expect(formatAgo(iso, now)).toBe(expected);
  });
});
