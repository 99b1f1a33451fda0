import {
  datesFromRange,
  previousQuarter,
  previousWindow,
  rangeFromDates,
  resolveWindow,
  withFixedRange,
  withRelativeWindow,
} from './window';

const now = new Date('2026-05-15T10:00:00.000Z');
const resolve = (search: string) =>
  resolveWindow(new URLSearchParams(search), now);

describe('resolveWindow', () => {
  it('defaults to the last 30 days', () => {
    expect(resolve('')).toEqual({
      from: '2026-04-15T10:00:00.000Z',
      to: '2026-05-15T10:00:00.000Z',
      relative: '30d',
      label: 'Last 30 days',
    });
  });

  it('reads a relative window', () => {
    const w = resolve('window=7d');
    expect(w.from).toBe('2026-05-08T10:00:00.000Z');
    expect(w.to).toBe(now.toISOString());
    expect(w.relative).toBe('7d');
    expect(w.problem).toBeUndefined();
  });

  it('reads a fixed range, which wins over a relative window', () => {
    const w = resolve(
      'window=7d&from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z',
    );
    expect(w).toMatchObject({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      relative: null,
    });
    expect(w.problem).toBeUndefined();
  });

  it.each([
    ['window=banana', /Unknown window "banana"/],
    ['window=0d', /Unknown window/],
    ['from=2026-01-01T00:00:00Z', /both `from` and `to`/],
    ['from=yesterday&to=2026-01-01T00:00:00Z', /both `from` and `to`/],
    ['from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z', /start before/],
  ])('falls back to the default for %p and says why', (search, problem) => {
    const w = resolve(search);
    expect(w.relative).toBe('30d');
    expect(w.problem).toMatch(problem);
  });
});

describe('previousWindow', () => {
  it('is the window of the same length just before', () => {
    expect(
      previousWindow({
        from: '2026-04-15T10:00:00.000Z',
        to: '2026-05-15T10:00:00.000Z',
      }),
    ).toEqual({
      from: '2026-03-16T10:00:00.000Z',
      to: '2026-04-15T10:00:00.000Z',
    });
  });
});

describe('URL updates', () => {
  it('switches to a relative window, dropping the range and keeping the rest', () => {
    const next = withRelativeWindow(
      new URLSearchParams('from=a&to=b&tab=x'),
      '90d',
    );
    expect(next.toString()).toBe('tab=x&window=90d');
  });

  it('switches to a fixed range', () => {
    const next = withFixedRange(new URLSearchParams('window=7d'), {
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(next.get('window')).toBeNull();
    expect(resolveWindow(next, now)).toMatchObject({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
  });
});

describe('calendar ranges', () => {
  it('finds the previous quarter, across a year boundary too', () => {
    expect(previousQuarter(now)).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(previousQuarter(new Date('2026-02-10T00:00:00Z'))).toEqual({
      from: '2025-10-01T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });
  });

  it('includes the end date of a picked range', () => {
    const range = rangeFromDates('2026-01-01', '2026-03-31');
    expect(range).toEqual({
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(datesFromRange(range!)).toEqual({
      fromDate: '2026-01-01',
      toDate: '2026-03-31',
    });
    expect(rangeFromDates('2026-03-01', '2026-02-01')).toBeUndefined();
    expect(rangeFromDates('', '2026-02-01')).toBeUndefined();
  });
});
