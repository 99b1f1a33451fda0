import { ComponentProps, ReactNode } from 'react';
import Grid from '@material-ui/core/Grid';
import { Progress } from '@backstage/core-components';
import { MetricsErrorPanel } from './ErrorPanel';
import { PooledEntities } from './PooledEntities';
import { TabHeader } from './TabHeader';

/** Where a tab's one request stands (react-use's `useAsyncRetry` state). */
export type LoadState<T> = {
  loading: boolean;
  error?: Error;
  value?: T;
  retry(): void;
};

/**
 * The frame of every tab and of the leadership page: the header, then
 * exactly one of loading, the error (with a retry), the empty state, or the
 * figures, laid out as items of one grid.
 */
export function TabShell<T>(props: {
  /** Test id of the whole tab, e.g. `devops-insights-dora`. */
  testId: string;
  header: ComponentProps<typeof TabHeader>;
  state: LoadState<T>;
  /** For the error panel: "Could not load <what>". */
  what: string;
  /** Nothing to show: the figures would all read "No data". */
  isEmpty(value: T): boolean;
  empty: ReactNode;
  /** Instead of the error panel, for errors the page explains itself. */
  renderError?(error: Error): ReactNode | undefined;
  /** The entities a Group/System/Domain figure pools, listed above it. */
  pooledRefs?(value: T): string[];
  /** Grid items. */
  children(value: T): ReactNode;
  /** Beside the content whatever its state, e.g. a dialog. */
  extra?: ReactNode;
}) {
  const { testId, header, state, what, isEmpty, empty } = props;
  const { renderError, pooledRefs, children, extra } = props;

  let body: ReactNode;
  if (state.loading) {
    body = <Progress />;
  } else if (state.error) {
    body = renderError?.(state.error) ?? (
      <MetricsErrorPanel
        what={what}
        error={state.error}
        onRetry={state.retry}
      />
    );
  } else if (state.value === undefined || isEmpty(state.value)) {
    body = empty;
  } else {
    body = (
      <Grid container spacing={2}>
        {pooledRefs && (
          <Grid item xs={12}>
            <PooledEntities entityRefs={pooledRefs(state.value)} />
          </Grid>
        )}
        {children(state.value)}
      </Grid>
    );
  }

  return (
    <div data-testid={testId}>
      <TabHeader {...header} />
      {body}
      {extra}
    </div>
  );
}
