import { useMemo } from 'react';
import Grid from '@material-ui/core/Grid';
import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { devopsInsightsApiRef } from '../../api';
import type { DevopsInsightsQuery } from '../../api';
import { MetricsErrorPanel } from '../shared/ErrorPanel';
import { fetchAllPages } from '../shared/fetchAllPages';
import { eventKey } from '../shared/sorting';
import { DeploymentsTable } from './DeploymentsTable';
import { IncidentsTable } from './IncidentsTable';

/** The deployments and incidents behind the numbers of one window. */
export function DrillDown(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
}) {
  const api = useApi(devopsInsightsApiRef);
  const { entityRef, from, to } = props.query;

  const deployments = useAsync(
    () =>
      fetchAllPages((limit, offset) =>
        api.listDeployments({ entityRef, from, to, limit, offset }),
      ),
    [api, entityRef, from, to],
  );
  const incidents = useAsync(
    () =>
      fetchAllPages((limit, offset) =>
        api.listIncidents({ entityRef, from, to, limit, offset }),
      ),
    [api, entityRef, from, to],
  );

  const deploymentUrls = useMemo(
    () =>
      new Map(
        (deployments.value?.items ?? []).flatMap(d =>
          d.url ? [[eventKey(d), d.url] as const] : [],
        ),
      ),
    [deployments.value],
  );

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        {deployments.error ? (
          <MetricsErrorPanel what="deployments" error={deployments.error} />
        ) : (
          <DeploymentsTable
            items={deployments.value?.items ?? []}
            totalCount={deployments.value?.totalCount ?? 0}
            loading={deployments.loading}
            showEntity={props.showEntity}
          />
        )}
      </Grid>
      <Grid item xs={12}>
        {incidents.error ? (
          <MetricsErrorPanel what="incidents" error={incidents.error} />
        ) : (
          <IncidentsTable
            items={incidents.value?.items ?? []}
            totalCount={incidents.value?.totalCount ?? 0}
            loading={incidents.loading}
            showEntity={props.showEntity}
            deploymentUrls={deploymentUrls}
          />
        )}
      </Grid>
    </Grid>
  );
}
