import { wholeWeeks } from './weeks';

const week = (from: string, to: string) => ({ weekStart: from, from, to });

describe('wholeWeeks', () => {
  it('leaves out the clipped first and current weeks, and says so', () => {
    const { weeks, note } = wholeWeeks([
      week('2026-01-07T12:00:00.000Z', '2026-01-12T00:00:00.000Z'),
      week('2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z'),
      week('2026-01-19T00:00:00.000Z', '2026-01-26T00:00:00.000Z'),
      week('2026-01-26T00:00:00.000Z', '2026-01-28T09:00:00.000Z'),
    ]);
    expect(weeks.map(w => w.from.slice(0, 10))).toEqual([
      '2026-01-12',
      '2026-01-19',
    ]);
    expect(note).toMatch(/part weeks count in the figures above/);
  });

  it('has nothing to say when every week is whole', () => {
    expect(
      wholeWeeks([week('2026-01-12T00:00:00.000Z', '2026-01-19T00:00:00.000Z')])
        .note,
    ).toBeNull();
  });
});
