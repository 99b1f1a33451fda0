import type { OnCallShift } from '@devops-insights/backstage-plugin-common';
import { dayTicks, timelineRows } from './timeline';

const start = Date.parse('2026-02-10T00:00:00.000Z');
const shift = (over: Partial<OnCallShift>): OnCallShift => ({
  userRef: 'user:default/alice',
  level: 1,
  start: '2026-02-10T00:00:00.000Z',
  end: '2026-02-11T00:00:00.000Z',
  scheduleName: null,
  scheduleUrl: null,
  entityRef: 'component:default/checkout',
  ...over,
});

describe('timelineRows', () => {
  it('places shifts as shares of 14 days, one row per responder', () => {
    const rows = timelineRows(
      [
        shift({
          userRef: 'user:default/bob',
          start: '2026-02-17T00:00:00.000Z',
          end: '2026-02-18T00:00:00.000Z',
        }),
        shift({}),
      ],
      start,
    );
    expect(rows.map(r => r.userRef)).toEqual([
      'user:default/alice',
      'user:default/bob',
    ]);
    expect(rows[0].bars[0].leftPercent).toBe(0);
    expect(rows[0].bars[0].widthPercent).toBeCloseTo(100 / 14);
    expect(rows[1].bars[0].leftPercent).toBe(50);
  });

  it('clips shifts that started before and runs permanent ones to the end', () => {
    const [row] = timelineRows(
      [shift({ start: '2026-02-01T00:00:00.000Z', end: null })],
      start,
    );
    expect(row.bars[0]).toMatchObject({ leftPercent: 0, widthPercent: 100 });
  });

  it('drops shifts outside the 14 days', () => {
    expect(
      timelineRows(
        [
          shift({
            start: '2026-03-01T00:00:00.000Z',
            end: '2026-03-02T00:00:00.000Z',
          }),
        ],
        start,
      ),
    ).toEqual([]);
  });
});

describe('dayTicks', () => {
  it('ticks each UTC midnight', () => {
    const ticks = dayTicks(start + 12 * 3600 * 1000);
    expect(ticks).toHaveLength(14);
    expect(new Date(ticks[0].time).toISOString()).toBe(
      '2026-02-11T00:00:00.000Z',
    );
    expect(ticks[0].leftPercent).toBeCloseTo(50 / 14);
  });
});
