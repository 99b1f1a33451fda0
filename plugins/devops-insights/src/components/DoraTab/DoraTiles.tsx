import Grid from '@material-ui/core/Grid';
import type { DoraMetrics } from '@devops-insights/backstage-plugin-common';
import { compareToPrevious } from '../shared/delta';
import { MetricTile } from '../shared/MetricTile';
import { DORA_TILES } from './doraTileModel';

/** The header row: one tile per DORA figure, compared with the previous window. */
export function DoraTiles(props: {
  current: DoraMetrics;
  /** Undefined when the previous window could not be loaded. */
  previous: DoraMetrics | undefined;
}) {
  const { current, previous } = props;
  return (
    <Grid container spacing={2}>
      {DORA_TILES.map(spec => {
        const value = spec.value(current);
        return (
          <Grid item xs={12} sm={6} md={4} lg={2} key={spec.key}>
            <MetricTile
              metricKey={spec.key}
              title={spec.title}
              value={value === null ? null : spec.format(value)}
              band={spec.band?.(current)}
              change={
                previous &&
                compareToPrevious(
                  value,
                  spec.value(previous),
                  spec.direction,
                  spec.formatDelta,
                )
              }
              detail={spec.detail(current)}
              definition={spec.definition}
            />
          </Grid>
        );
      })}
    </Grid>
  );
}
