import type { PerformanceBand } from '@devops-insights/backstage-plugin-common';

/**
 * Okabe–Ito colours, distinguishable with the common colour-vision
 * deficiencies. Chips carry their own background, so one text colour per
 * band (chosen for ≥ 4.5:1 contrast) works on light and dark pages alike.
 */
export const BAND_STYLES: Record<
  PerformanceBand,
  { label: string; background: string; color: string }
> = {
  elite: { label: 'Elite', background: '#0072B2', color: '#FFFFFF' },
  high: { label: 'High', background: '#009E73', color: '#000000' },
  medium: { label: 'Medium', background: '#E69F00', color: '#000000' },
  low: { label: 'Low', background: '#D55E00', color: '#000000' },
};

/** Series colours for charts, from the same palette. */
export const SERIES_COLORS = {
  primary: '#0072B2',
  primaryOnDark: '#56B4E9',
  failure: '#D55E00',
  secondary: '#009E73',
  tertiary: '#E69F00',
};

/**
 * Text colours for "better"/"worse". The word is always shown too; these
 * are darker (light theme) or lighter (dark theme) shades of the palette's
 * blue and vermillion/orange so small text keeps its contrast.
 */
export function judgementColors(paletteType: 'light' | 'dark') {
  return paletteType === 'dark'
    ? { better: '#8CCBF0', worse: '#F0B540', unchanged: undefined }
    : { better: '#005A8C', worse: '#A84A00', unchanged: undefined };
}

/** How a status reads: fine, worth watching, or past a limit. */
export type Tone = 'good' | 'warning' | 'bad';

/** Status chips share the band colours; the label always says the status. */
export const TONE_STYLES: Record<Tone, { background: string; color: string }> =
  {
    good: { background: '#009E73', color: '#000000' },
    warning: { background: '#E69F00', color: '#000000' },
    bad: { background: '#D55E00', color: '#000000' },
  };

/** Six distinguishable series colours (Okabe–Ito), e.g. for toil signals. */
export const CATEGORY_COLORS = [
  '#0072B2',
  '#E69F00',
  '#009E73',
  '#D55E00',
  '#CC79A7',
  '#56B4E9',
];

/** The card (Paper) backgrounds of Backstage's light and dark themes. */
export const CARD_BACKGROUNDS = { light: '#FFFFFF', dark: '#424242' };

/**
 * Okabe–Ito chart colours in a shade with ≥ 3:1 contrast against the card
 * (WCAG 1.4.11, graphical objects): lighter on dark cards, where the blue
 * is 1.9:1, darker on white, where orange and sky blue are 2.3:1.
 */
const ON_CARD: Record<string, { light: string; dark: string }> = {
  '#0072B2': { light: '#0072B2', dark: '#56B4E9' },
  '#E69F00': { light: '#B07A00', dark: '#E69F00' },
  '#009E73': { light: '#009E73', dark: '#40C99A' },
  '#D55E00': { light: '#D55E00', dark: '#FF8A3D' },
  '#CC79A7': { light: '#B0508A', dark: '#E8A3CB' },
  '#56B4E9': { light: '#2B7FB8', dark: '#9AD2F2' },
};

/** A chart series colour as drawn on a card of the theme. */
export function onCard(color: string, paletteType: 'light' | 'dark'): string {
  return ON_CARD[color.toUpperCase()]?.[paletteType] ?? color;
}

function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(0) + 0.7152 * channel(1) + 0.0722 * channel(2);
}

/** WCAG contrast ratio of two `#RRGGBB` colours. */
export function contrastRatio(a: string, b: string): number {
  const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (high + 0.05) / (low + 0.05);
}
