import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import type { ToilWeek } from '@devops-insights/backstage-plugin-common';
import { formatHours, formatWeek } from '../shared/format';
import { onCard } from '../shared/palette';
import { wholeWeeks } from '../shared/weeks';
import { TOIL_SIGNALS } from './toilSignals';

/** Weekly toil hours, stacked by signal in the order of classification. */
export function ToilChart(props: { weekly: ToilWeek[] }) {
  const theme = useTheme();
  const { weeks: weekly, note } = wholeWeeks(props.weekly);
  const points = weekly.map(week => ({
    label: formatWeek(week.weekStart),
    ...week.hoursBySignal,
  }));
  return (
    <Paper variant="outlined" style={{ padding: 16 }} data-testid="toil-chart">
      <Typography variant="subtitle2" component="h3" gutterBottom>
        Toil hours per week, by signal
      </Typography>
      <div
        style={{ width: '100%', height: 260 }}
        role="img"
        aria-label={weekly
          .map(
            week =>
              `Week of ${formatWeek(week.weekStart)}: ${formatHours(
                week.totalHours,
              )}`,
          )
          .join(', ')}
      >
        <ResponsiveContainer initialDimension={{ width: 640, height: 260 }}>
          <BarChart data={points}>
            <CartesianGrid
              stroke={theme.palette.divider}
              strokeDasharray="3 3"
            />
            <XAxis
              dataKey="label"
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
            />
            <YAxis
              tick={{ fill: theme.palette.text.secondary, fontSize: 12 }}
              unit=" h"
              width={56}
            />
            <Tooltip
              contentStyle={{
                background: theme.palette.background.paper,
                border: `1px solid ${theme.palette.divider}`,
                color: theme.palette.text.primary,
              }}
              // Recharts colours items like their series, unreadable on dark cards.
              itemStyle={{ color: theme.palette.text.primary }}
              formatter={(value: unknown, name: unknown) => [
                formatHours(Number(value)),
                String(name),
              ]}
            />
            <Legend
              // The swatch carries the series colour; the label stays in the
              // theme's text colour so it reads on dark backgrounds too.
              formatter={value => (
                <span style={{ color: theme.palette.text.primary }}>
                  {value}
                </span>
              )}
            />
            {TOIL_SIGNALS.map(signal => (
              <Bar
                key={signal.key}
                dataKey={signal.key}
                name={signal.label}
                stackId="toil"
                fill={onCard(signal.color, theme.palette.type)}
                isAnimationActive={false}
              />
            ))}
          </BarChart>
        </ResponsiveContainer>
      </div>
      {note && (
        <Typography variant="caption" color="textSecondary">
          {note}
        </Typography>
      )}
    </Paper>
  );
}
