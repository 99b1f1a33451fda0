import Box from '@material-ui/core/Box';
import Paper from '@material-ui/core/Paper';
import Typography from '@material-ui/core/Typography';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { BreakdownTab } from '@devops-insights/backstage-plugin-common';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { devopsInsightsApiRef } from '../../../api';
import { MetricsErrorPanel } from '../ErrorPanel';
import { formatHours } from '../format';
import { isPoolingKind } from '../PooledEntities';
import { BreakdownTable } from './BreakdownTable';
import { dataCounts } from './breakdownModel';
import { CoverageLine } from './CoverageLine';

/**
 * Under a Group/System/Domain tab's pooled tiles: how many entities they
 * pool and how many have data for each figure, the coverage line, and the
 * per-entity table, from one request for the whole scope. Renders nothing
 * for other kinds.
 */
export function EntityBreakdown(props: {
  entityRef: string;
  kind: string;
  tab: BreakdownTab;
  from: string;
  to: string;
}) {
  const { entityRef, kind, tab, from, to } = props;
  const api = useApi(devopsInsightsApiRef);
  const pooling = isPoolingKind(kind);
  const state = useAsyncRetry(
    async () =>
      pooling ? api.getBreakdown({ entityRef, tab, from, to }) : undefined,
    [api, entityRef, tab, from, to, pooling],
  );
  if (!pooling) return null;
  let body;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error || !state.value) {
    body = (
      <MetricsErrorPanel
        what="the figures per entity"
        error={state.error ?? new Error('No answer')}
        onRetry={state.retry}
      />
    );
  } else {
    const breakdown = state.value;
    const counts = dataCounts(tab, breakdown.rows);
    body = (
      <>
        <Typography variant="body2" data-testid="breakdown-data-counts">
          The figures above pool {breakdown.rows.length}{' '}
          {breakdown.rows.length === 1 ? 'entity' : 'entities'}; with data in
          this window:{' '}
          {counts.map(c => `${c.label} ${c.count} of ${c.of}`).join(' · ')}
          {breakdown.teamLevel.toilHours > 0 || breakdown.teamLevel.pages > 0
            ? `. Filed against the team itself, not an entity: ${[
                breakdown.teamLevel.toilHours > 0 &&
                  `${formatHours(breakdown.teamLevel.toilHours)} of toil`,
                breakdown.teamLevel.pages > 0 &&
                  `${breakdown.teamLevel.pages} pages`,
              ]
                .filter(Boolean)
                .join(', ')}.`
            : '.'}
        </Typography>
        <Box mt={1} mb={2}>
          <CoverageLine
            summary={breakdown.coverage}
            noun={
              kind.toLocaleLowerCase('en-US') === 'group'
                ? 'services'
                : 'entities'
            }
          />
        </Box>
        <BreakdownTable breakdown={breakdown} />
      </>
    );
  }
  return (
    <Paper variant="outlined" data-testid="entity-breakdown">
      <Box p={2}>{body}</Box>
    </Paper>
  );
}
