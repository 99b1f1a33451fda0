import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import type { DoraResponse } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import {
  doraResponse,
  emptyDoraResponse,
  errorResponse,
} from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { BAND_STYLES } from '../shared/palette';
import { DoraTab } from './DoraTab';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const group: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'payments', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

function mockApi(
  current: DoraResponse | Error,
  previous: DoraResponse | Error = doraResponse(),
): jest.Mocked<DevopsInsightsApi> {
  return mockDevopsInsightsApi({
    // The current window is asked first, the previous one second.
    getDora: jest
      .fn()
      .mockImplementationOnce(async () => {
        if (current instanceof Error) throw current;
        return current;
      })
      .mockImplementationOnce(async () => {
        if (previous instanceof Error) throw previous;
        return previous;
      }),
  });
}

async function renderTab(
  api: DevopsInsightsApi,
  options: { entity?: Entity; search?: string } = {},
) {
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <EntityProvider entity={options.entity ?? component}>
        <DoraTab />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: [`/dora${options.search ?? ''}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const tileValue = (key: string) => screen.findByTestId(`metric-${key}`);

describe('DoraTab', () => {
  // Rendering the whole tab with charts and tables is slow on a busy machine.
  jest.setTimeout(20000);

  it('shows each figure in human units with its band', async () => {
    await renderTab(mockApi(doraResponse()));

    expect(await tileValue('deploymentFrequency')).toHaveTextContent(
      '3.2 / day',
    );
    expect(await tileValue('leadTimeForChanges')).toHaveTextContent('4 h 12 m');
    expect(await tileValue('changeFailureRate')).toHaveTextContent('4.8 %');
    expect(await tileValue('timeToRestore')).toHaveTextContent('5 h');
    expect(await tileValue('failedDeploymentRecoveryTime')).toHaveTextContent(
      '2 h',
    );
    expect(await tileValue('reworkRate')).toHaveTextContent('3.1 %');

    const elite = screen.getByTestId('band-deploymentFrequency');
    expect(elite).toHaveTextContent('Elite');
    expect(elite).toHaveStyle({
      backgroundColor: BAND_STYLES.elite.background,
    });
    const high = screen.getByTestId('band-leadTimeForChanges');
    expect(high).toHaveTextContent('High');
    expect(high).toHaveStyle({ backgroundColor: BAND_STYLES.high.background });
    // Figures DORA gives no bands get no chip.
    expect(screen.queryByTestId('band-reworkRate')).not.toBeInTheDocument();
  });

  it('names the incidents each figure counts, and explains p90 in words', async () => {
    await renderTab(mockApi(doraResponse()));
    const restore = await screen.findByTestId('tile-timeToRestore');
    // High-urgency only: the On-call tab's time to resolve counts all.
    expect(restore).toHaveTextContent('4 high-urgency incidents resolved');
    const lead = screen.getByTestId('tile-leadTimeForChanges');
    expect(lead).toHaveTextContent(/90 % within/);
    expect(lead).not.toHaveTextContent(/p90/);
  });

  it('colours every band differently and always labels it', async () => {
    const bands = doraResponse({
      deploymentFrequency: { deployments: 2, perDay: 0.1, band: 'low' },
      changeFailureRate: {
        failedDeployments: 1,
        deployments: 4,
        ratio: 0.25,
        band: 'medium',
      },
    });
    await renderTab(mockApi(bands));

    expect(
      await screen.findByTestId('band-deploymentFrequency'),
    ).toHaveTextContent('Low');
    expect(screen.getByTestId('band-changeFailureRate')).toHaveTextContent(
      'Medium',
    );
    const backgrounds = Object.values(BAND_STYLES).map(s => s.background);
    expect(new Set(backgrounds).size).toBe(4);
  });

  it('says "No data" for a figure without data, never 0', async () => {
    const partial = doraResponse({
      leadTimeForChanges: {
        changes: 0,
        medianSeconds: null,
        p90Seconds: null,
        band: null,
        stages: {
          codingMedianSeconds: null,
          reviewMedianSeconds: null,
          deployMedianSeconds: null,
        },
      },
      timeToRestore: { incidents: 0, medianSeconds: null, band: null },
    });
    await renderTab(mockApi(partial));

    expect(await tileValue('leadTimeForChanges')).toHaveTextContent('No data');
    expect(screen.getByTestId('metric-timeToRestore')).toHaveTextContent(
      'No data',
    );
    expect(
      screen.queryByTestId('band-leadTimeForChanges'),
    ).not.toBeInTheDocument();
    expect(screen.getByTestId('value-stream')).toHaveTextContent(
      'No stage data',
    );
  });

  it('judges the change against the previous window by each metric direction', async () => {
    const previous = doraResponse({
      deploymentFrequency: { deployments: 30, perDay: 1, band: 'elite' },
      leadTimeForChanges: {
        ...doraResponse().leadTimeForChanges,
        medianSeconds: 3600,
      },
      timeToRestore: { incidents: 2, medianSeconds: 10 * 3600, band: 'high' },
      changeFailureRate: {
        ...doraResponse().changeFailureRate,
        ratio: 0.048,
      },
      failedDeploymentRecoveryTime: { recoveries: 0, medianSeconds: null },
    });
    const api = mockApi(doraResponse(), previous);
    await renderTab(api);

    const tile = async (key: string) =>
      within(await screen.findByTestId(`tile-${key}`));
    // More deployments per day: up, and better.
    expect(
      (await tile('deploymentFrequency')).getByText(/\+2.2 \/ day · better/),
    ).toBeInTheDocument();
    // Longer lead time: up, and worse.
    expect(
      (await tile('leadTimeForChanges')).getByText(/\+3 h 12 m · worse/),
    ).toBeInTheDocument();
    // Shorter time to restore: down, and better.
    expect(
      (await tile('timeToRestore')).getByText(/−5 h · better/),
    ).toBeInTheDocument();
    expect(
      (await tile('changeFailureRate')).getByText(/unchanged/),
    ).toBeInTheDocument();
    expect(
      (await tile('failedDeploymentRecoveryTime')).getByText(/No comparison/),
    ).toBeInTheDocument();

    // The previous window is the one of the same length right before.
    const [[currentQuery], [previousQuery]] = api.getDora.mock.calls;
    expect(previousQuery.to).toBe(currentQuery.from);
    expect(Date.parse(previousQuery.to) - Date.parse(previousQuery.from)).toBe(
      Date.parse(currentQuery.to) - Date.parse(currentQuery.from),
    );
  });

  it('still shows the figures when the previous window fails', async () => {
    await renderTab(mockApi(doraResponse(), new Error('boom')));
    expect(await tileValue('deploymentFrequency')).toHaveTextContent(
      '3.2 / day',
    );
    expect(screen.queryByText(/vs previous window/)).not.toBeInTheDocument();
  });

  it('shows how to send data when there is none at all', async () => {
    await renderTab(mockApi(emptyDoraResponse()));

    expect(
      await screen.findByText('No delivery data for this entity yet'),
    ).toBeInTheDocument();
    expect((await screen.findAllByText(/v1\/events/)).length).toBeGreaterThan(
      0,
    );
    expect(
      screen.getAllByText(/"entityRef":"component:default\/checkout"/).length,
    ).toBeGreaterThan(0);
    // Pulling sources are the other way in.
    const annotations = screen.getByTestId('source-annotations');
    expect(annotations).toHaveTextContent('github.com/project-slug');
    expect(annotations).toHaveTextContent('gitlab.com/project-slug');
    expect(annotations).toHaveTextContent('pagerduty.com/service-id');
    expect(
      screen.queryByTestId('metric-deploymentFrequency'),
    ).not.toBeInTheDocument();
  });

  it("shows the server's message when the request fails", async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(400, 'Invalid window: from must be before to'),
    );
    await renderTab(mockApi(error));

    const panel = await screen.findByTestId('metrics-error');
    expect(panel).toHaveTextContent('Could not load the DORA metrics');
    expect(panel).toHaveTextContent('Invalid window: from must be before to');
    expect(
      within(panel).getByRole('button', { name: 'Retry' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByTestId('metric-deploymentFrequency'),
    ).not.toBeInTheDocument();
  });

  it('asks for the window of the URL and writes a new choice to it', async () => {
    const api = mockApi(doraResponse());
    await renderTab(api, {
      search: '?from=2026-01-01T00:00:00.000Z&to=2026-04-01T00:00:00.000Z',
    });
    await tileValue('deploymentFrequency');
    expect(api.getDora.mock.calls[0][0]).toEqual({
      entityRef: 'component:default/checkout',
      from: '2026-01-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
    });
    expect(api.getDora.mock.calls[1][0]).toMatchObject({
      from: '2025-10-03T00:00:00.000Z',
      to: '2026-01-01T00:00:00.000Z',
    });

    api.getDora.mockResolvedValue(doraResponse());
    await userEvent.click(screen.getByRole('button', { name: /Window/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Last 7 days' }),
    );
    await waitFor(() => expect(api.getDora).toHaveBeenCalledTimes(4));
    const { from, to } = api.getDora.mock.calls[2][0];
    expect(Date.parse(to) - Date.parse(from)).toBe(7 * 24 * 3600 * 1000);
  });

  it('opens the rows behind a tile, by mouse and by keyboard, and shows all again', async () => {
    const api = mockApi(doraResponse());
    await renderTab(api);

    // A click anywhere on the tile: only the change failures are listed.
    await userEvent.click(await tileValue('changeFailureRate'));
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith(
        expect.objectContaining({ failed: true, offset: 0 }),
      ),
    );
    expect(await screen.findByText('Failed deployments')).toBeInTheDocument();
    expect(screen.getByTestId('drill-down-narrowed')).toHaveTextContent(
      'Only the change failures',
    );

    // The title is a button: Enter on it opens the restored incidents.
    screen
      .getByRole('button', {
        name: 'Time to restore service, show the restored incidents',
      })
      .focus();
    await userEvent.keyboard('{Enter}');
    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith(
        expect.objectContaining({ urgency: 'high', status: 'resolved' }),
      ),
    );
    expect(await screen.findByText('Restored incidents')).toBeInTheDocument();
    // The keyboard focus follows, to the table it opened.
    expect(document.activeElement).toContainElement(
      screen.getByText('Restored incidents'),
    );
    expect(api.listDeployments).toHaveBeenLastCalledWith(
      expect.not.objectContaining({ failed: true }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Show all' }));
    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith(
        expect.not.objectContaining({ status: 'resolved' }),
      ),
    );
    expect(screen.queryByTestId('drill-down-narrowed')).not.toBeInTheDocument();
    expect(screen.getByText('Incidents')).toBeInTheDocument();
  }, 60_000); // Three tables re-render: slow on a busy machine.

  it('lists the pooled entities on a group page', async () => {
    const pooled = doraResponse({
      entityRef: 'group:default/payments',
      scope: {
        entityRefs: ['component:default/checkout', 'api:default/payments-api'],
      },
    });
    await renderTab(mockApi(pooled), { entity: group });

    const box = await screen.findByTestId('pooled-entities');
    expect(box).toHaveTextContent('Pooled over 2 entities');
    await userEvent.click(
      within(box).getByRole('button', { name: 'Show list' }),
    );
    expect(await within(box).findByText(/checkout/)).toBeInTheDocument();
    expect(within(box).getByText(/payments-api/)).toBeInTheDocument();
  });

  it('shows the sync status of the sources in the header', async () => {
    const api = mockApi(doraResponse());
    api.getSources.mockResolvedValue({
      sources: [
        {
          source: 'github',
          target: 'acme/checkout',
          lastSuccessAt: new Date().toISOString(),
          lastError: null,
          rowsIngested: 10,
          rateLimit: null,
        },
      ],
    });
    await renderTab(api);
    expect(await screen.findByTestId('source-status-github')).toHaveTextContent(
      'github · synced just now',
    );
  });
});
