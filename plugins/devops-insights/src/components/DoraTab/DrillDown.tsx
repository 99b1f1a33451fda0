import Grid from '@material-ui/core/Grid';
import type { DevopsInsightsQuery } from '../../api';
import { DeploymentsTable } from './DeploymentsTable';
import { IncidentsTable } from './IncidentsTable';

/** The deployments and incidents behind the numbers of one window. */
export function DrillDown(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <DeploymentsTable query={props.query} showEntity={props.showEntity} />
      </Grid>
      <Grid item xs={12}>
        <IncidentsTable query={props.query} showEntity={props.showEntity} />
      </Grid>
    </Grid>
  );
}
