import { MouseEvent, ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Link from '@material-ui/core/Link';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles, useTheme } from '@material-ui/core/styles';
import type {
  FigureGoal,
  PerformanceBand,
} from '@devops-insights/backstage-plugin-common';
import { BandChip } from './BandChip';
import { DefinitionButton } from './DefinitionButton';
import { GoalLine } from './GoalLine';
import type { Change } from './delta';
import { NO_DATA } from './format';
import { judgementColors } from './palette';

const useStyles = makeStyles(theme => ({
  tile: {
    padding: theme.spacing(2),
    height: '100%',
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(0.5),
  },
  title: {
    display: 'flex',
    alignItems: 'center',
    gap: theme.spacing(0.5),
    color: theme.palette.text.secondary,
  },
  // A button centres its text by default; a title reads from the left.
  openTitle: {
    textAlign: 'left',
  },
  opens: {
    cursor: 'pointer',
    '&:hover': { borderColor: theme.palette.primary.main },
  },
  value: {
    fontWeight: 600,
  },
  noData: {
    fontWeight: 400,
    color: theme.palette.text.secondary,
  },
}));

export type MetricTileProps = {
  /** Stable key, used for the test ids of the value and band. */
  metricKey: string;
  title: string;
  /** Formatted value; null renders "No data", never a zero. */
  value: string | null;
  /** Undefined for metrics without DORA bands; null when not computable. */
  band?: PerformanceBand | null;
  /** Undefined while unknown; null when either window has no data. */
  change?: Change | null;
  /** A status of the figure (e.g. toil share "At risk"), instead of a band. */
  chip?: ReactNode;
  /** Test id of the value; `metric-<metricKey>` unless given. */
  valueTestId?: string;
  /** Why the value is null, shown under "No data" so it is not a mystery. */
  noDataReason?: string;
  /** Sample size or similar, e.g. "42 deployments". */
  detail?: string;
  definition: NonNullable<ReactNode>;
  /**
   * Shows the rows behind the figure. The title becomes a button (for the
   * keyboard) and a click anywhere else on the tile does the same.
   */
  onOpen?(): void;
  /** What opening shows, e.g. "show the failed deployments". */
  openLabel?: string;
  /** The goal that applies to the figure, shown as `goal-<metricKey>`. */
  goal?: FigureGoal;
};

function ChangeLine(props: { change: Change | null | undefined }) {
  const theme = useTheme();
  const { change } = props;
  if (change === undefined) return null;
  if (change === null) {
    return (
      <Typography variant="caption" color="textSecondary">
        No comparison with the previous window
      </Typography>
    );
  }
  const colors = judgementColors(theme.palette.type);
  let arrow = change.delta > 0 ? '▲' : '▼';
  if (change.judgement === 'unchanged') arrow = '▬';
  return (
    <Typography
      variant="caption"
      data-judgement={change.judgement}
      style={{ color: colors[change.judgement] }}
    >
      <span aria-hidden>{arrow} </span>
      {change.judgement === 'unchanged'
        ? 'unchanged'
        : `${change.text} · ${change.judgement}`}{' '}
      vs previous window
    </Typography>
  );
}

export function MetricTile(props: MetricTileProps) {
  const classes = useStyles();
  const { metricKey, title, value, band, change, detail, definition } = props;
  const { chip, valueTestId, noDataReason, onOpen, openLabel, goal } = props;
  const openFromTile = (e: MouseEvent) => {
    // The title and the definition are buttons of their own.
    const inButton = (e.target as Element).closest?.('button, a');
    if (onOpen && !inButton) onOpen();
  };
  return (
    <Paper
      className={onOpen ? `${classes.tile} ${classes.opens}` : classes.tile}
      variant="outlined"
      data-testid={`tile-${metricKey}`}
      onClick={onOpen ? openFromTile : undefined}
    >
      <Typography variant="body2" component="h3" className={classes.title}>
        {onOpen ? (
          <Link
            component="button"
            variant="body2"
            color="inherit"
            underline="always"
            className={classes.openTitle}
            // The visible title first, so voice control finds it by name.
            aria-label={openLabel ? `${title}, ${openLabel}` : title}
            title={openLabel}
            onClick={onOpen}
          >
            {title}
          </Link>
        ) : (
          title
        )}
        <DefinitionButton label={title} definition={definition} />
      </Typography>
      <Typography
        variant="h5"
        component="p"
        className={value === null ? classes.noData : classes.value}
        data-testid={valueTestId ?? `metric-${metricKey}`}
      >
        {value ?? NO_DATA}
      </Typography>
      {value === null && noDataReason && (
        <Typography
          variant="caption"
          color="textSecondary"
          data-testid={`no-data-reason-${metricKey}`}
        >
          No data: {noDataReason}
        </Typography>
      )}
      <Box display="flex" alignItems="center" minHeight={22}>
        {band && <BandChip band={band} testId={`band-${metricKey}`} />}
        {value !== null && chip}
        {band === null && value !== null && (
          <Typography variant="caption" color="textSecondary">
            No band
          </Typography>
        )}
      </Box>
      {detail && (
        <Typography variant="caption" color="textSecondary">
          {detail}
        </Typography>
      )}
      {goal && <GoalLine goal={goal} testId={`goal-${metricKey}`} />}
      {value !== null && <ChangeLine change={change} />}
    </Paper>
  );
}
