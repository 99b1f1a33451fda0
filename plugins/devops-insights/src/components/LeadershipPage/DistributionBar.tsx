import Box from '@material-ui/core/Box';
import Tooltip from '@material-ui/core/Tooltip';
import Typography from '@material-ui/core/Typography';
import type { BandCounts } from '@devops-insights/backstage-plugin-common';
import { BAND_STYLES } from '../shared/palette';

export const BAND_ORDER = ['elite', 'high', 'medium', 'low', 'none'] as const;

const NONE_STYLE = {
  label: 'No data',
  background: '#BDBDBD',
  color: '#000000',
};

const styleOf = (band: (typeof BAND_ORDER)[number]) =>
  band === 'none' ? NONE_STYLE : BAND_STYLES[band];

/** "Elite 3 · High 1 · No data 2": the bar's content in words, zeros left out. */
export function distributionText(counts: BandCounts): string {
  const parts = BAND_ORDER.filter(band => counts[band] > 0).map(
    band => `${styleOf(band).label} ${counts[band]}`,
  );
  return parts.length ? parts.join(' · ') : 'None';
}

/**
 * How many teams (or services) sit in each band, as one stacked bar. The
 * counts are also written out beneath, so the colours are never the only
 * way to read it.
 */
export function DistributionBar(props: {
  label: string;
  counts: BandCounts;
  unit: string;
  testId?: string;
}) {
  const { label, counts, unit, testId } = props;
  const total = BAND_ORDER.reduce((sum, band) => sum + counts[band], 0);
  return (
    <Box mb={1} data-testid={testId}>
      <Typography variant="caption" color="textSecondary">
        {label}
      </Typography>
      <Box
        display="flex"
        height={14}
        borderRadius={3}
        overflow="hidden"
        bgcolor="action.hover"
        aria-hidden
      >
        {BAND_ORDER.filter(band => counts[band] > 0).map(band => (
          <Tooltip
            key={band}
            title={`${styleOf(band).label}: ${counts[band]} ${unit}`}
          >
            <Box
              data-band={band}
              style={{
                width: `${(counts[band] / total) * 100}%`,
                backgroundColor: styleOf(band).background,
              }}
            />
          </Tooltip>
        ))}
      </Box>
      <Typography variant="caption" data-testid={testId && `${testId}-text`}>
        {distributionText(counts)}
      </Typography>
    </Box>
  );
}
