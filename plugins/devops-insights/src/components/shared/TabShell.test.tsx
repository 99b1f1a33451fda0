import { ReactNode } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Grid from '@material-ui/core/Grid';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { devopsInsightsApiRef } from '../../api';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { LoadState, TabShell } from './TabShell';
import { useMetricsWindow } from './useMetricsWindow';

type Figures = { count: number; refs: string[] };

function Shell(props: {
  state: LoadState<Figures>;
  renderError?(error: Error): ReactNode | undefined;
  pooled?: boolean;
}) {
  const windowState = useMetricsWindow();
  return (
    <TabShell
      testId="shell"
      header={{ title: 'Figures', windowState }}
      state={props.state}
      what="the figures"
      isEmpty={v => v.count === 0}
      empty={<p>Nothing recorded</p>}
      renderError={props.renderError}
      pooledRefs={props.pooled ? v => v.refs : undefined}
      extra={<p>Always here</p>}
    >
      {v => (
        <Grid item xs={12}>
          {v.count} figures
        </Grid>
      )}
    </TabShell>
  );
}

async function render(props: Parameters<typeof Shell>[0]) {
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, mockDevopsInsightsApi()]]}>
      <Shell {...props} />
    </TestApiProvider>,
  );
}

const retry = () => {};
const figures = {
  count: 3,
  refs: ['component:default/a', 'component:default/b'],
};

describe('TabShell', () => {
  jest.setTimeout(20000);

  it('shows progress while loading, under the header', async () => {
    await render({ state: { loading: true, value: figures, retry } });
    expect(
      screen.getByRole('heading', { name: 'Figures' }),
    ).toBeInTheDocument();
    // Backstage's Progress appears after a short delay.
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText('3 figures')).not.toBeInTheDocument();
    expect(screen.getByText('Always here')).toBeInTheDocument();
  });

  it('shows the error with a retry, before any stale figures', async () => {
    const onRetry = jest.fn();
    await render({
      state: {
        loading: false,
        error: new Error('boom'),
        value: figures,
        retry: onRetry,
      },
    });
    const panel = screen.getByTestId('metrics-error');
    expect(panel).toHaveTextContent('Could not load the figures');
    expect(panel).toHaveTextContent('boom');
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
    expect(screen.queryByText('3 figures')).not.toBeInTheDocument();
  });

  it('lets the page explain an error itself, else falls back to the panel', async () => {
    await render({
      state: { loading: false, error: new Error('gone'), retry },
      renderError: e =>
        e.message === 'gone' ? <p>Pick another</p> : undefined,
    });
    expect(screen.getByText('Pick another')).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-error')).not.toBeInTheDocument();
  });

  it('shows the empty state when there is nothing, or no answer', async () => {
    await render({
      state: { loading: false, value: { count: 0, refs: [] }, retry },
    });
    expect(screen.getByText('Nothing recorded')).toBeInTheDocument();
    expect(screen.queryByText(/figures$/)).not.toBeInTheDocument();
  });

  it('shows the figures, with the pooled entities when asked', async () => {
    await render({
      state: { loading: false, value: figures, retry },
      pooled: true,
    });
    expect(screen.getByText('3 figures')).toBeInTheDocument();
    expect(screen.getByTestId('pooled-entities')).toHaveTextContent(
      'Pooled over 2 entities',
    );
    expect(screen.queryByText('Nothing recorded')).not.toBeInTheDocument();
  });
});
