import Grid from '@material-ui/core/Grid';
import type {
  DoraMetrics,
  FigureGoal,
} from '@devops-insights/backstage-plugin-common';
import { goalOf } from '../shared/goalModel';
import { compareToPrevious } from '../shared/delta';
import { MetricTile } from '../shared/MetricTile';
import { DORA_ROWS_LABELS, DORA_TILES, DoraRows } from './doraTileModel';

/** The header row: one tile per DORA figure, compared with the previous window. */
export function DoraTiles(props: {
  current: DoraMetrics;
  /** Undefined when the previous window could not be loaded. */
  previous: DoraMetrics | undefined;
  /** Shows the rows behind a figure; tiles are plain without it. */
  onOpenRows?(rows: DoraRows): void;
  /** The goals that apply to the figures. */
  goals?: FigureGoal[];
}) {
  const { current, previous, onOpenRows, goals } = props;
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
              onOpen={onOpenRows && (() => onOpenRows(spec.rows))}
              openLabel={DORA_ROWS_LABELS[spec.rows]}
              goal={goalOf(goals, spec.goal)}
            />
          </Grid>
        );
      })}
    </Grid>
  );
}
