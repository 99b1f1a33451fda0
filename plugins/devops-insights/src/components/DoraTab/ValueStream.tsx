import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import type { LeadTimeForChanges } from '@devops-insights/backstage-plugin-common';
import { formatDuration, NO_DATA } from '../shared/format';
import { SERIES_COLORS } from '../shared/palette';
import { leadTimeStages, slowestStage, StageKey } from './valueStreamModel';

const STAGE_COLORS: Record<StageKey, { background: string; color: string }> = {
  coding: { background: SERIES_COLORS.primary, color: '#FFFFFF' },
  review: { background: SERIES_COLORS.secondary, color: '#000000' },
  deploy: { background: SERIES_COLORS.tertiary, color: '#000000' },
};

const useStyles = makeStyles(theme => ({
  bar: {
    display: 'flex',
    height: 40,
    borderRadius: theme.shape.borderRadius,
    overflow: 'hidden',
    margin: theme.spacing(1, 0),
  },
  segment: {
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    minWidth: 4,
    fontSize: 12,
    fontWeight: 600,
    whiteSpace: 'nowrap',
    overflow: 'hidden',
  },
  slowest: {
    outline: `3px solid ${theme.palette.text.primary}`,
    outlineOffset: -3,
  },
  legend: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: theme.spacing(3),
  },
  swatch: {
    display: 'inline-block',
    width: 12,
    height: 12,
    marginRight: theme.spacing(1),
    borderRadius: 2,
    verticalAlign: 'middle',
  },
}));

/**
 * Lead time split into coding, review and waiting for deploy. The medians
 * are per stage, over the changes that have the timestamps for that stage,
 * so they need not add up to the overall median.
 */
export function ValueStream(props: { leadTime: LeadTimeForChanges }) {
  const classes = useStyles();
  const stages = leadTimeStages(props.leadTime);
  const slowest = slowestStage(stages);
  const total = stages.reduce((sum, s) => sum + (s.medianSeconds ?? 0), 0);

  return (
    <Paper
      variant="outlined"
      style={{ padding: 16 }}
      data-testid="value-stream"
    >
      <Typography variant="subtitle2" component="h3">
        Lead time as a value stream
      </Typography>
      {!slowest ? (
        <Typography variant="body2" color="textSecondary">
          No stage data: send <code>pullRequestOpenedAt</code> and{' '}
          <code>mergedAt</code> with each change of a deployment event to see
          where lead time goes.
        </Typography>
      ) : (
        <>
          <Typography variant="body2" data-testid="slowest-stage">
            Slowest stage: <strong>{slowest.label}</strong> (median{' '}
            {formatDuration(slowest.medianSeconds!)})
          </Typography>
          <div
            className={classes.bar}
            role="img"
            aria-label={stages
              .map(
                s =>
                  `${s.label}: ${
                    s.medianSeconds === null
                      ? NO_DATA
                      : formatDuration(s.medianSeconds)
                  }`,
              )
              .join(', ')}
          >
            {stages
              .filter(s => s.medianSeconds !== null && s.medianSeconds > 0)
              .map(s => (
                <div
                  key={s.key}
                  className={`${classes.segment} ${
                    s.key === slowest.key ? classes.slowest : ''
                  }`}
                  style={{
                    flexGrow: s.medianSeconds! / total,
                    flexBasis: 0,
                    ...STAGE_COLORS[s.key],
                  }}
                  title={`${s.label}: ${formatDuration(s.medianSeconds!)}`}
                >
                  {formatDuration(s.medianSeconds!)}
                </div>
              ))}
          </div>
          <Box className={classes.legend}>
            {stages.map(s => (
              <Typography variant="caption" key={s.key}>
                <span
                  className={classes.swatch}
                  style={{ background: STAGE_COLORS[s.key].background }}
                />
                <strong>{s.label}</strong> ({s.description}):{' '}
                {s.medianSeconds === null
                  ? NO_DATA
                  : formatDuration(s.medianSeconds)}
              </Typography>
            ))}
          </Box>
          <Typography variant="caption" color="textSecondary">
            Each stage is a median of its own, so the stages need not add up to
            the overall median lead time.
          </Typography>
        </>
      )}
    </Paper>
  );
}
