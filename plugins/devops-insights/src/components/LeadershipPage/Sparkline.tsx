import { useTheme } from '@material-ui/core/styles';
import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import { NO_DATA } from '../shared/format';
import { SERIES_COLORS } from '../shared/palette';
import { MIN_POINTS_FOR_LINE } from '../shared/weeks';
import { sparklineText } from './columns';

const WIDTH = 88;
const HEIGHT = 22;

/**
 * Deployments per ISO week as a tiny line. Plain SVG rather than a chart
 * library: a table of many teams would otherwise mount a chart per row. The
 * <title> carries the numbers, for screen readers, hover and the CSV.
 */
export function Sparkline(props: { team: RollupTeam }) {
  const theme = useTheme();
  const text = sparklineText(props.team);
  if (text === NO_DATA) return <>{NO_DATA}</>;
  const values = props.team.weekly.map(week => week.deployments);
  const max = Math.max(...values, 1);
  const step = values.length > 1 ? WIDTH / (values.length - 1) : 0;
  const xy = values.map((value, i) => ({
    x: values.length > 1 ? i * step : WIDTH / 2,
    y: HEIGHT - 2 - (value / max) * (HEIGHT - 4),
  }));
  const points = xy.map(p => `${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
  const color =
    theme.palette.type === 'dark'
      ? SERIES_COLORS.primaryOnDark
      : SERIES_COLORS.primary;
  return (
    <svg
      width={WIDTH}
      height={HEIGHT}
      viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
      role="img"
      style={{ overflow: 'visible', display: 'block' }}
    >
      <title>{text}</title>
      {/* A line through two points says little: under three, dots alone. */}
      {values.length < MIN_POINTS_FOR_LINE ? (
        xy.map(p => <circle key={p.x} cx={p.x} cy={p.y} r={2.5} fill={color} />)
      ) : (
        <polyline
          points={points}
          fill="none"
          stroke={color}
          strokeWidth={1.5}
        />
      )}
    </svg>
  );
}
