import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import type { HourBand } from '@devops-insights/backstage-plugin-common';
import { HOUR_BANDS } from './onCallTileModel';

/**
 * A responder's pages split by hour band in their own time zone, as a bar
 * with the counts spelled out (the colours are never the only cue).
 */
export function HourBandBar(props: { pagesByBand: Record<HourBand, number> }) {
  const { pagesByBand } = props;
  const total = HOUR_BANDS.reduce((sum, b) => sum + pagesByBand[b.key], 0);
  const description = HOUR_BANDS.map(
    b => `${b.label}: ${pagesByBand[b.key]}`,
  ).join(', ');
  if (total === 0) {
    return (
      <Typography variant="caption" color="textSecondary">
        No pages
      </Typography>
    );
  }
  return (
    <Box minWidth={140}>
      <Box
        display="flex"
        height={10}
        borderRadius={2}
        overflow="hidden"
        role="img"
        aria-label={description}
        title={description}
      >
        {HOUR_BANDS.filter(b => pagesByBand[b.key] > 0).map(b => (
          <div
            key={b.key}
            data-band={b.key}
            style={{
              flexGrow: pagesByBand[b.key],
              flexBasis: 0,
              background: b.color,
            }}
          />
        ))}
      </Box>
      <Typography variant="caption" color="textSecondary">
        {HOUR_BANDS.map(
          b => `${pagesByBand[b.key]} ${b.label.toLocaleLowerCase('en-US')}`,
        ).join(' · ')}
      </Typography>
    </Box>
  );
}
