import Box from '@material-ui/core/Box';
import Grid from '@material-ui/core/Grid';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { countedFigures } from '@devops-insights/backstage-plugin-common';
import type {
  RollupMetricKey,
  RollupResponse,
} from '@devops-insights/backstage-plugin-common';
import { MetricTile } from '../shared/MetricTile';
import { ROLLUP_METRIC_SPECS } from './columns';
import { DistributionBar } from './DistributionBar';
import { Movers } from './Movers';
import { useOnPageStyles } from '../shared/onPage';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/**
 * The org view without averaging teams away: how teams and services spread
 * over the bands, the pooled figures (labelled as such), and who moved.
 */
export function SummaryStrip(props: { rollup: RollupResponse }) {
  const { rollup } = props;
  const onPage = useOnPageStyles();
  return (
    <Grid container spacing={2}>
      {ROLLUP_METRIC_SPECS.map(spec => {
        const key = spec.key as RollupMetricKey;
        const distribution = rollup.distribution[key];
        return (
          <Grid item xs={12} sm={6} md={3} key={key}>
            <Paper
              variant="outlined"
              data-testid={`rollup-distribution-${key}`}
            >
              <Box p={2}>
                <Typography variant="subtitle2" component="h3" gutterBottom>
                  {spec.title}
                </Typography>
                <DistributionBar
                  label="Teams per band (each once: a parent as the services it owns itself)"
                  unit="teams"
                  counts={distribution.teams}
                  testId={`rollup-distribution-${key}-teams`}
                />
                <DistributionBar
                  label="Services per band"
                  unit="services"
                  counts={distribution.services}
                  testId={`rollup-distribution-${key}-services`}
                />
              </Box>
            </Paper>
          </Grid>
        );
      })}
      <Grid item xs={12}>
        <Box data-testid="rollup-pooled" className={onPage.onPage}>
          <Typography variant="subtitle1" component="h3">
            Pooled across the{' '}
            {plural(
              rollup.teams.filter(team => countedFigures(team)).length,
              'listed team',
            )}
          </Typography>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            All their services' deployments and incidents computed as one set,
            not an average of the teams' figures: a few busy teams can dominate
            it, so read it with the distribution above.
          </Typography>
          <Grid container spacing={2}>
            {ROLLUP_METRIC_SPECS.map(spec => {
              const value = spec.value(rollup.pooled);
              return (
                <Grid item xs={12} sm={6} md={3} key={spec.key}>
                  <MetricTile
                    metricKey={`pooled-${spec.key}`}
                    title={`${spec.title} (pooled)`}
                    value={value === null ? null : spec.format(value)}
                    band={spec.band?.(rollup.pooled) ?? null}
                    detail={spec.detail(rollup.pooled)}
                    definition={spec.definition}
                  />
                </Grid>
              );
            })}
          </Grid>
        </Box>
      </Grid>
      <Grid item xs={12}>
        <Movers teams={rollup.teams} />
      </Grid>
    </Grid>
  );
}
