import { Fragment } from 'react';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { makeStyles } from '@material-ui/core/styles';
import { EntityRefLink } from '@backstage/plugin-catalog-react';
import type { OnCallShift } from '@devops-insights/backstage-plugin-common';
import { formatDateTime } from '../shared/format';
import { dayTicks, TIMELINE_DAYS, timelineRows } from './timeline';

/** Level 1 stands out; escalation levels recede. */
const LEVEL_COLORS: Record<number, { background: string; color: string }> = {
  1: { background: '#0072B2', color: '#FFFFFF' },
  2: { background: '#E69F00', color: '#000000' },
};
const OTHER_LEVEL = { background: '#999999', color: '#000000' };

const useStyles = makeStyles(theme => ({
  grid: {
    display: 'grid',
    gridTemplateColumns: 'minmax(120px, 200px) 1fr',
    alignItems: 'center',
    rowGap: theme.spacing(0.5),
  },
  track: {
    position: 'relative',
    height: 24,
    background: theme.palette.action.hover,
    borderRadius: theme.shape.borderRadius,
  },
  bar: {
    position: 'absolute',
    top: 2,
    bottom: 2,
    minWidth: 2,
    borderRadius: 3,
    fontSize: 11,
    lineHeight: '20px',
    paddingLeft: 4,
    overflow: 'hidden',
    whiteSpace: 'nowrap',
  },
  axis: {
    position: 'relative',
    height: 18,
  },
  tick: {
    position: 'absolute',
    fontSize: 11,
    color: theme.palette.text.secondary,
    borderLeft: `1px solid ${theme.palette.divider}`,
    paddingLeft: 2,
    whiteSpace: 'nowrap',
  },
}));

function describe(shift: OnCallShift): string {
  const until = shift.end ? formatDateTime(shift.end) : 'permanent';
  const schedule = shift.scheduleName ? ` · ${shift.scheduleName}` : '';
  return `Level ${shift.level}: ${formatDateTime(
    shift.start,
  )} – ${until}${schedule}`;
}

/** Who is on call over the next 14 days, one row per responder. */
export function ShiftTimeline(props: { from: string; shifts: OnCallShift[] }) {
  const classes = useStyles();
  const start = Date.parse(props.from);
  const rows = timelineRows(props.shifts, start);
  const ticks = dayTicks(start);
  return (
    <Paper
      variant="outlined"
      style={{ padding: 16, height: '100%' }}
      data-testid="oncall-timeline"
    >
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Next {TIMELINE_DAYS} days
      </Typography>
      {rows.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          No shifts recorded for the next {TIMELINE_DAYS} days.
        </Typography>
      ) : (
        <div className={classes.grid}>
          <span />
          <div className={classes.axis} aria-hidden>
            {ticks.map((tick, i) => (
              <span
                key={tick.time}
                className={classes.tick}
                style={{ left: `${tick.leftPercent}%` }}
              >
                {/* Every other day, so the labels fit. */}
                {i % 2 === 0
                  ? new Date(tick.time).toLocaleDateString(undefined, {
                      day: 'numeric',
                      month: 'short',
                      timeZone: 'UTC',
                    })
                  : ''}
              </span>
            ))}
          </div>
          {rows.map(row => (
            <Fragment key={row.userRef}>
              <Typography variant="body2" component="div" noWrap>
                <EntityRefLink entityRef={row.userRef} defaultKind="user" />
              </Typography>
              <div className={classes.track}>
                {row.bars.map(bar => (
                  <div
                    key={`${bar.shift.start}/${bar.shift.level}/${bar.shift.entityRef}`}
                    className={classes.bar}
                    role="img"
                    aria-label={describe(bar.shift)}
                    title={describe(bar.shift)}
                    data-testid="oncall-timeline-bar"
                    style={{
                      left: `${bar.leftPercent}%`,
                      width: `${bar.widthPercent}%`,
                      ...(LEVEL_COLORS[bar.shift.level] ?? OTHER_LEVEL),
                    }}
                  >
                    L{bar.shift.level}
                  </div>
                ))}
              </div>
            </Fragment>
          ))}
        </div>
      )}
      <Typography variant="caption" color="textSecondary">
        Days start at midnight UTC; hover a shift for its times.
      </Typography>
    </Paper>
  );
}
