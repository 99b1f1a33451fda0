import {
  CARD_BACKGROUNDS,
  CATEGORY_COLORS,
  contrastRatio,
  onCard,
  SERIES_COLORS,
} from './palette';

describe('chart colours on cards', () => {
  const series = [
    ...new Set([
      ...CATEGORY_COLORS,
      SERIES_COLORS.primary,
      SERIES_COLORS.failure,
      SERIES_COLORS.secondary,
      SERIES_COLORS.tertiary,
    ]),
  ];

  it('measures contrast as WCAG does', () => {
    expect(contrastRatio('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    // The finding: the palette's blue on the dark theme's card.
    expect(contrastRatio('#0072B2', '#424242')).toBeCloseTo(1.94, 2);
  });

  it.each(['light', 'dark'] as const)(
    'keeps every series at ≥ 3:1 against the %s card',
    paletteType => {
      const tooFaint = series.filter(
        color =>
          contrastRatio(
            onCard(color, paletteType),
            CARD_BACKGROUNDS[paletteType],
          ) < 3,
      );
      expect(tooFaint).toEqual([]);
    },
  );
});
