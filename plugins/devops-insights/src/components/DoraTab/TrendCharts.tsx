import { ReactElement } from 'react';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type {
  DoraWeek,
  FigureGoal,
  GoalMetric,
} from '@devops-insights/backstage-plugin-common';
import { goalOf, goalText } from '../shared/goalModel';
import {
  durationAxisUnit,
  formatDuration,
  formatPercent,
  formatWeek,
  NO_DATA,
} from '../shared/format';
import { onCard, SERIES_COLORS } from '../shared/palette';
import { MIN_POINTS_FOR_LINE, wholeWeeks } from '../shared/weeks';

function useChartStyle() {
  const theme = useTheme();
  return {
    axis: { fill: theme.palette.text.secondary, fontSize: 12 },
    grid: theme.palette.divider,
    tooltip: {
      contentStyle: {
        background: theme.palette.background.paper,
        border: `1px solid ${theme.palette.divider}`,
        color: theme.palette.text.primary,
      },
      labelStyle: { color: theme.palette.text.primary },
      // Recharts colours items like their series, unreadable on dark cards.
      itemStyle: { color: theme.palette.text.primary },
    },
    text: theme.palette.text.primary,
    line: onCard(SERIES_COLORS.primary, theme.palette.type),
    failure: onCard(SERIES_COLORS.failure, theme.palette.type),
  };
}

/** The chart's figures as text, week by week, for screen readers. */
export function chartSummary(
  title: string,
  points: WeekPoint[],
  describe: (point: WeekPoint) => string,
): string {
  if (points.length === 0) return `${title}: no weeks in the window.`;
  return `${title}. ${points
    .map(point => `Week of ${point.label}: ${describe(point)}`)
    .join('; ')}.`;
}

function ChartCard(props: {
  title: string;
  summary: string;
  children: ReactElement;
}) {
  return (
    <Paper variant="outlined" style={{ padding: 16 }}>
      <Typography variant="subtitle2" component="h3" gutterBottom>
        {props.title}
      </Typography>
      <div
        style={{ width: '100%', height: 220 }}
        role="img"
        aria-label={props.summary}
      >
        <ResponsiveContainer initialDimension={{ width: 480, height: 220 }}>
          {props.children}
        </ResponsiveContainer>
      </div>
    </Paper>
  );
}

type DurationKey = 'leadTimeMedianSeconds' | 'timeToRestoreMedianSeconds';

type WeekPoint = DoraWeek & {
  label: string;
  succeeded: number;
  cfrPercent: number | null;
  /** Durations in the unit of their chart's axis (see durationAxisUnit). */
  scaled: Record<DurationKey, number | null>;
};

/** Each duration series' axis unit, scaled to its largest value. */
function axisUnits(weekly: DoraWeek[]) {
  const unit = (key: DurationKey) =>
    durationAxisUnit(Math.max(0, ...weekly.map(week => week[key] ?? 0)));
  return {
    leadTimeMedianSeconds: unit('leadTimeMedianSeconds'),
    timeToRestoreMedianSeconds: unit('timeToRestoreMedianSeconds'),
  };
}

function toPoints(
  weekly: DoraWeek[],
  units: ReturnType<typeof axisUnits>,
): WeekPoint[] {
  const scale = (week: DoraWeek, key: DurationKey) =>
    week[key] === null ? null : week[key]! / units[key].seconds;
  return weekly.map(week => ({
    ...week,
    label: formatWeek(week.weekStart),
    succeeded: week.deployments - week.failedDeployments,
    cfrPercent:
      week.changeFailureRate === null ? null : week.changeFailureRate * 100,
    scaled: {
      leadTimeMedianSeconds: scale(week, 'leadTimeMedianSeconds'),
      timeToRestoreMedianSeconds: scale(week, 'timeToRestoreMedianSeconds'),
    },
  }));
}

/** A line through three points or more; fewer are dots alone. */
export function lineLook<P>(points: P[], value: (p: P) => unknown) {
  const count = points.filter(p => value(p) !== null).length;
  return count < MIN_POINTS_FOR_LINE
    ? { strokeWidth: 0, dot: { r: 4 } }
    : { strokeWidth: 2, dot: { r: 3 } };
}

/**
 * The goal of a chart's figure as a dashed line at `y` (in the chart's axis
 * unit), labelled with the goal. Recharts does not draw a line outside the
 * axis' domain, so the domain is widened to include it (`ifOverflow`).
 */
function goalLine(goal: FigureGoal | undefined, y: number, color: string) {
  if (!goal) return null;
  return (
    <ReferenceLine
      y={y}
      stroke={color}
      strokeDasharray="6 4"
      ifOverflow="extendDomain"
      label={{ value: goalText(goal), position: 'insideTopRight', fill: color }}
      className={`goal-line goal-line-${goal.metric}`}
    />
  );
}

const durationText = (seconds: number | null) =>
  seconds === null ? NO_DATA : formatDuration(seconds);

/**
 * Weekly series of the window, whole weeks only; weeks without data are
 * gaps, not zeros.
 */
export function TrendCharts(props: {
  weekly: DoraWeek[];
  /** Goals of the figures, drawn as reference lines. */
  goals?: FigureGoal[];
}) {
  const style = useChartStyle();
  const goal = (metric: GoalMetric) => goalOf(props.goals, metric);
  const { weeks, note } = wholeWeeks(props.weekly);
  const units = axisUnits(weeks);
  const points = toPoints(weeks, units);
  const card = (
    title: string,
    describe: (point: WeekPoint) => string,
    chart: ReactElement,
  ) => (
    <ChartCard title={title} summary={chartSummary(title, points, describe)}>
      {chart}
    </ChartCard>
  );
  const xAxis = <XAxis dataKey="label" tick={style.axis} />;
  const grid = <CartesianGrid stroke={style.grid} strokeDasharray="3 3" />;
  const durationLine = (
    name: string,
    source: DurationKey,
    metric: GoalMetric,
  ) => (
    <LineChart data={points}>
      {grid}
      {xAxis}
      <YAxis tick={style.axis} unit={` ${units[source].label}`} width={56} />
      <Tooltip
        {...style.tooltip}
        formatter={(
          _v: unknown,
          _n: unknown,
          item: { payload?: WeekPoint },
        ) => {
          const seconds = item.payload?.[source];
          return [
            seconds === null || seconds === undefined
              ? NO_DATA
              : formatDuration(seconds),
            name,
          ];
        }}
      />
      <Line
        type="monotone"
        dataKey={(p: WeekPoint) => p.scaled[source]}
        name={name}
        stroke={style.line}
        {...lineLook(points, p => p.scaled[source])}
        isAnimationActive={false}
      />
      {goalLine(
        goal(metric),
        (goal(metric)?.target ?? 0) / units[source].seconds,
        style.text,
      )}
    </LineChart>
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12} md={6}>
        {card(
          'Deployments per week',
          p => `${p.deployments} deployments, ${p.failedDeployments} failed`,
          <BarChart data={points}>
            {grid}
            {xAxis}
            <YAxis tick={style.axis} allowDecimals={false} width={40} />
            <Tooltip {...style.tooltip} />
            <Legend
              // The swatch carries the series colour; the label stays in the
              // theme's text colour so it reads on dark backgrounds too.
              formatter={value => (
                <span style={{ color: style.text }}>{value}</span>
              )}
            />
            <Bar
              dataKey="succeeded"
              name="Did not fail"
              stackId="deployments"
              fill={style.line}
              isAnimationActive={false}
            />
            <Bar
              dataKey="failedDeployments"
              name="Failed (change failure)"
              stackId="deployments"
              fill={style.failure}
              isAnimationActive={false}
            />
            {/* A deployments-per-day goal as deployments in a week. */}
            {goalLine(
              goal('deploymentFrequency'),
              (goal('deploymentFrequency')?.target ?? 0) * 7,
              style.text,
            )}
          </BarChart>,
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        {card(
          'Lead time for changes, weekly median',
          p => durationText(p.leadTimeMedianSeconds),
          durationLine('Median lead time', 'leadTimeMedianSeconds', 'leadTime'),
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        {card(
          'Change failure rate, weekly',
          p =>
            p.changeFailureRate === null
              ? NO_DATA
              : formatPercent(p.changeFailureRate),
          <LineChart data={points}>
            {grid}
            {xAxis}
            <YAxis tick={style.axis} unit=" %" width={56} domain={[0, 100]} />
            <Tooltip
              {...style.tooltip}
              formatter={(
                _v: unknown,
                _n: unknown,
                item: { payload?: WeekPoint },
              ) => {
                const ratio = item.payload?.changeFailureRate;
                return [
                  ratio === null || ratio === undefined
                    ? NO_DATA
                    : formatPercent(ratio),
                  'Change failure rate',
                ];
              }}
            />
            <Line
              type="monotone"
              dataKey="cfrPercent"
              name="Change failure rate"
              stroke={style.failure}
              {...lineLook(points, p => p.cfrPercent)}
              isAnimationActive={false}
            />
            {goalLine(
              goal('changeFailureRate'),
              (goal('changeFailureRate')?.target ?? 0) * 100,
              style.text,
            )}
          </LineChart>,
        )}
      </Grid>
      <Grid item xs={12} md={6}>
        {card(
          'Time to restore service, weekly median',
          p => durationText(p.timeToRestoreMedianSeconds),
          durationLine(
            'Median time to restore',
            'timeToRestoreMedianSeconds',
            'timeToRestore',
          ),
        )}
      </Grid>
      {note && (
        <Grid item xs={12}>
          {/* On the page background, where the secondary text colour
              misses 4.5:1: primary, as the tab header's text. */}
          <Typography variant="caption" data-testid="part-weeks-note">
            {note}
          </Typography>
        </Grid>
      )}
    </Grid>
  );
}
