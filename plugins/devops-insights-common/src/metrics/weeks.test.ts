import { isoWeeksOf, isoWeekStart, isWholeWeek } from './weeks';

const t = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

describe('isoWeekStart', () => {
  it.each([
    ['2026-01-05T00:00:00Z', '2026-01-05T00:00:00.000Z'], // a Monday
    ['2026-01-11T23:59:59Z', '2026-01-05T00:00:00.000Z'], // the Sunday after
    ['2026-01-01T10:00:00Z', '2025-12-29T00:00:00.000Z'], // a Thursday, week 1 of 2026
    ['2024-03-31T01:30:00Z', '2024-03-25T00:00:00.000Z'], // a DST Sunday in Europe: weeks are UTC
  ])('%s → %s', (time, expected) => {
    expect(iso(isoWeekStart(t(time)))).toBe(expected);
  });
});

describe('isoWeeksOf', () => {
  it('clips the first and last week to the window', () => {
    const weeks = isoWeeksOf({
      from: t('2026-01-07T12:00:00Z'),
      to: t('2026-01-20T00:00:00Z'),
    });
    expect(
      weeks.map(w => [iso(w.weekStart), iso(w.window.from), iso(w.window.to)]),
    ).toEqual([
      [
        '2026-01-05T00:00:00.000Z',
        '2026-01-07T12:00:00.000Z',
        '2026-01-12T00:00:00.000Z',
      ],
      [
        '2026-01-12T00:00:00.000Z',
        '2026-01-12T00:00:00.000Z',
        '2026-01-19T00:00:00.000Z',
      ],
      [
        '2026-01-19T00:00:00.000Z',
        '2026-01-19T00:00:00.000Z',
        '2026-01-20T00:00:00.000Z',
      ],
    ]);
  });

  it('has no empty week when the window ends on a Monday', () => {
    const weeks = isoWeeksOf({
      from: t('2026-01-05T00:00:00Z'),
      to: t('2026-01-19T00:00:00Z'),
    });
    expect(weeks).toHaveLength(2);
  });
});

describe('isWholeWeek', () => {
  it.each([
    [
      'a full Monday-to-Monday week',
      '2026-01-05T00:00:00Z',
      '2026-01-12T00:00:00Z',
      true,
    ],
    [
      'a first week clipped to the window',
      '2026-01-07T12:00:00Z',
      '2026-01-12T00:00:00Z',
      false,
    ],
    [
      'a current week ending now',
      '2026-01-12T00:00:00Z',
      '2026-01-15T09:30:00Z',
      false,
    ],
  ])('%s', (_rule, from, to, whole) => {
    expect(isWholeWeek({ from, to })).toBe(whole);
  });

  it('keeps exactly the weeks isoWeeksOf did not clip', () => {
    const weeks = isoWeeksOf({
      from: t('2026-01-07T12:00:00Z'),
      to: t('2026-02-04T00:00:00Z'),
    }).map(w => ({ from: iso(w.window.from), to: iso(w.window.to) }));
    expect(weeks.map(isWholeWeek)).toEqual([false, true, true, true, false]);
  });
});
