import { compareToPrevious } from './delta';
import { formatDurationDelta, formatPerDayDelta } from './format';

describe('compareToPrevious', () => {
  it('calls more deployments better', () => {
    expect(
      compareToPrevious(2, 1, 'higherIsBetter', formatPerDayDelta),
    ).toEqual({ delta: 1, text: '+1 / day', judgement: 'better' });
  });

  it('calls a longer lead time worse', () => {
    expect(
      compareToPrevious(7200, 3600, 'lowerIsBetter', formatDurationDelta),
    ).toEqual({ delta: 3600, text: '+1 h', judgement: 'worse' });
  });

  it('calls a shorter time to restore better', () => {
    expect(
      compareToPrevious(600, 3600, 'lowerIsBetter', formatDurationDelta)
        ?.judgement,
    ).toBe('better');
  });

  it('calls a delta that rounds away unchanged', () => {
    expect(
      compareToPrevious(100.2, 100, 'lowerIsBetter', formatDurationDelta)
        ?.judgement,
    ).toBe('unchanged');
  });

  it('calls a change under 5 % of the previous value unchanged', () => {
    // +39 s on 34 minutes.
    expect(
      compareToPrevious(
        34 * 60 + 39,
        34 * 60,
        'lowerIsBetter',
        formatDurationDelta,
      ),
    ).toEqual({ delta: 39, text: '+39 s', judgement: 'unchanged' });
    expect(
      compareToPrevious(36 * 60, 34 * 60, 'lowerIsBetter', formatDurationDelta)
        ?.judgement,
    ).toBe('worse');
  });

  it('has no comparison when either window has no data', () => {
    expect(
      compareToPrevious(null, 1, 'higherIsBetter', formatPerDayDelta),
    ).toBeNull();
    expect(
      compareToPrevious(1, null, 'higherIsBetter', formatPerDayDelta),
    ).toBeNull();
  });
});
