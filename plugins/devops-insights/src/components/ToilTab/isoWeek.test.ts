import { currentIsoWeek, isoWeekOf, recentIsoWeeks } from './isoWeek';

describe('isoWeekOf', () => {
  it.each([
    ['2026-02-02T00:00:00Z', '2026-W06'],
    ['2026-02-08T23:59:59Z', '2026-W06'],
    // 1 Jan 2027 is a Friday: it belongs to the last week of 2026.
    ['2027-01-01T12:00:00Z', '2026-W53'],
    // 29 Dec 2025 is a Monday whose Thursday is in 2026.
    ['2025-12-29T00:00:00Z', '2026-W01'],
    ['2026-01-04T00:00:00Z', '2026-W01'],
  ])('puts %p in %p', (iso, week) => {
    expect(isoWeekOf(Date.parse(iso))).toBe(week);
  });
});

describe('currentIsoWeek', () => {
  it("uses the user's calendar day", () => {
    // Local noon keeps the test independent of the machine's time zone.
    expect(currentIsoWeek(new Date(2026, 1, 4, 12))).toBe('2026-W06');
    expect(currentIsoWeek(new Date(2026, 1, 9, 0, 30))).toBe('2026-W07');
  });
});

describe('recentIsoWeeks', () => {
  it('lists the current week first and goes back across the year', () => {
    const weeks = recentIsoWeeks(new Date(2026, 0, 7, 12), 3);
    expect(weeks.map(w => w.value)).toEqual([
      '2026-W02',
      '2026-W01',
      '2025-W52',
    ]);
    expect(weeks[0].label).toMatch(/^2026-W02 \(.*5.*–.*11.*\)$/);
  });
});
