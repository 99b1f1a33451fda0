import { lineLook } from './TrendCharts';

describe('lineLook', () => {
  const values = (...v: Array<number | null>) => v.map(value => ({ value }));

  it('draws dots alone under three points: a line through two says little', () => {
    expect(lineLook(values(1, null, 2), p => p.value).strokeWidth).toBe(0);
    expect(lineLook(values(1), p => p.value).strokeWidth).toBe(0);
  });

  it('draws a line through three points or more', () => {
    expect(lineLook(values(1, 2, null, 3), p => p.value).strokeWidth).toBe(2);
  });
});
