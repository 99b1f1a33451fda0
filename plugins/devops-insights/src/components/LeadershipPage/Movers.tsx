import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { useTheme } from '@material-ui/core/styles';
import type { RollupTeam } from '@devops-insights/backstage-plugin-common';
import { BAND_STYLES, judgementColors } from '../shared/palette';
import { ROLLUP_METRIC_SPECS } from './columns';
import { biggestMovers, Mover } from './moverModel';

/** "Payments: 3 d → 5 h (Medium → High)" */
export function moverText(mover: Mover): string {
  const bands =
    mover.fromBand && mover.toBand && mover.fromBand !== mover.toBand
      ? ` (${BAND_STYLES[mover.fromBand].label} → ${
          BAND_STYLES[mover.toBand].label
        })`
      : '';
  return `${mover.team.title}: ${mover.from} → ${mover.to}${bands}`;
}

function MoverList(props: {
  title: string;
  movers: Mover[];
  color?: string;
  testId: string;
}) {
  return (
    <Box mt={1} data-testid={props.testId}>
      <Typography variant="caption" style={{ color: props.color }}>
        {props.title}
      </Typography>
      {props.movers.length === 0 ? (
        <Typography variant="body2" color="textSecondary">
          None
        </Typography>
      ) : (
        <ol style={{ margin: 0, paddingLeft: 20 }}>
          {props.movers.map(mover => (
            <li key={mover.team.groupRef}>
              <Typography variant="body2">{moverText(mover)}</Typography>
            </li>
          ))}
        </ol>
      )}
    </Box>
  );
}

/**
 * The teams that moved most since the previous window of equal length, per
 * metric: a band jump counts before any size of change within a band.
 */
export function Movers(props: { teams: RollupTeam[] }) {
  const theme = useTheme();
  const colors = judgementColors(theme.palette.type);
  const movers = biggestMovers(props.teams);
  return (
    <Paper variant="outlined" data-testid="rollup-movers">
      <Box p={2}>
        <Typography variant="h6" component="h3">
          Biggest movers since the previous window
        </Typography>
        <Grid container spacing={2}>
          {ROLLUP_METRIC_SPECS.map(spec => (
            <Grid item xs={12} sm={6} md={3} key={spec.key}>
              <Typography variant="subtitle2">{spec.title}</Typography>
              <MoverList
                title="▲ Improved most"
                movers={movers[spec.key as keyof typeof movers].improved}
                color={colors.better}
                testId={`rollup-movers-${spec.key}-improved`}
              />
              <MoverList
                title="▼ Regressed most"
                movers={movers[spec.key as keyof typeof movers].regressed}
                color={colors.worse}
                testId={`rollup-movers-${spec.key}-regressed`}
              />
            </Grid>
          ))}
        </Grid>
      </Box>
    </Paper>
  );
}
