import { ReactNode, RefObject, useEffect, useRef } from 'react';
import Button from '@material-ui/core/Button';
import Grid from '@material-ui/core/Grid';
import Alert from '@material-ui/lab/Alert';
import type { DevopsInsightsQuery } from '../../api';
import { DeploymentsTable } from './DeploymentsTable';
import type { DoraRows } from './doraTileModel';
import { IncidentsTable } from './IncidentsTable';

/** The rows a tile asked for; `at` tells a second click on it from the first. */
export type OpenedRows = { rows: DoraRows; at: number };

/** Says what the table below is narrowed to, with the way back. */
function Narrowed(props: { children: ReactNode; onShowAll?(): void }) {
  return (
    <Alert
      severity="info"
      style={{ marginBottom: 8 }}
      data-testid="drill-down-narrowed"
      action={
        props.onShowAll && (
          <Button color="inherit" size="small" onClick={props.onShowAll}>
            Show all
          </Button>
        )
      }
    >
      {props.children}
    </Alert>
  );
}

/** Brings a table into view and moves the keyboard focus to it. */
function reveal(target: RefObject<HTMLDivElement>) {
  // jsdom has no scrollIntoView.
  target.current?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
  target.current?.focus({ preventScroll: true });
}

/**
 * The deployments and incidents behind the numbers of one window; a tile's
 * link narrows them to the rows of its figure and scrolls to them.
 */
export function DrillDown(props: {
  query: DevopsInsightsQuery;
  showEntity: boolean;
  opened?: OpenedRows;
  onShowAll?(): void;
}) {
  const { query, showEntity, opened, onShowAll } = props;
  const deployments = useRef<HTMLDivElement>(null);
  const incidents = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (opened) {
      reveal(opened.rows === 'restoredIncidents' ? incidents : deployments);
    }
  }, [opened]);
  const failedOnly = opened?.rows === 'failedDeployments';
  const restoredOnly = opened?.rows === 'restoredIncidents';

  return (
    <Grid container spacing={2}>
      <Grid item xs={12}>
        <div ref={deployments} tabIndex={-1} style={{ outline: 'none' }}>
          {failedOnly && (
            <Narrowed onShowAll={onShowAll}>
              Only the change failures: production deployments that a
              high-urgency incident was attributed to, or that a later
              deployment remediated.
            </Narrowed>
          )}
          <DeploymentsTable
            title={failedOnly ? 'Failed deployments' : 'Deployments'}
            query={failedOnly ? { ...query, failed: true } : query}
            showEntity={showEntity}
          />
        </div>
      </Grid>
      <Grid item xs={12}>
        <div ref={incidents} tabIndex={-1} style={{ outline: 'none' }}>
          {restoredOnly && (
            <Narrowed onShowAll={onShowAll}>
              Only the high-urgency incidents that were resolved, whose times to
              restore the median is taken over.
            </Narrowed>
          )}
          <IncidentsTable
            title={restoredOnly ? 'Restored incidents' : 'Incidents'}
            query={
              restoredOnly
                ? { ...query, urgency: 'high', status: 'resolved' }
                : query
            }
            showEntity={showEntity}
          />
        </div>
      </Grid>
    </Grid>
  );
}
