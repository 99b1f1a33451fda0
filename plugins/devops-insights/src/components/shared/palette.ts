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
