import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type {
  DeploymentListItem,
  IncidentListItem,
} from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import { ResponseError } from '@backstage/errors';
import { errorResponse } from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { DrillDown } from './DrillDown';

const deployment: DeploymentListItem = {
  source: 'github-actions',
  id: 'run-42',
  entityRef: 'component:default/checkout',
  environment: 'production',
  production: true,
  status: 'success',
  trigger: 'automatic',
  startedAt: '2026-05-01T09:50:00.000Z',
  finishedAt: '2026-05-01T10:00:00.000Z',
  commitSha: 'abc123',
  url: 'https://ci.example.com/run/42',
  changes: 3,
  leadTimeMedianSeconds: 4 * 3600 + 12 * 60,
  countsForDora: true,
  failed: true,
  remediates: null,
};

const incident: IncidentListItem = {
  source: 'pagerduty',
  id: 'P1',
  entityRef: 'component:default/checkout',
  title: 'Checkout returns 500',
  urgency: 'high',
  createdAt: '2026-05-01T11:00:00.000Z',
  acknowledgedAt: null,
  resolvedAt: '2026-05-01T12:30:00.000Z',
  durationSeconds: 5400,
  attributedDeployment: {
    source: 'github-actions',
    id: 'run-42',
    explicit: false,
    url: 'https://ci.example.com/run/42',
  },
  changeRelated: null,
  autoResolved: false,
  dedupKey: null,
  url: 'https://pd.example.com/P1',
  postmortemUrl: 'https://wiki.example.com/pm/P1',
};

const page = <T,>(items: T[]) => ({
  items,
  totalCount: items.length,
  limit: 10,
  offset: 0,
});

const query = {
  entityRef: 'component:default/checkout',
  from: '2026-04-15T00:00:00.000Z',
  to: '2026-05-15T00:00:00.000Z',
};

describe('DrillDown', () => {
  jest.setTimeout(20000);

  it('lists the deployments and incidents behind the numbers', async () => {
    const api: DevopsInsightsApi = mockDevopsInsightsApi({
      listDeployments: jest.fn().mockResolvedValue(page([deployment])),
      listIncidents: jest.fn().mockResolvedValue(page([incident])),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
        <DrillDown query={query} showEntity={false} />
      </TestApiProvider>,
    );

    const deploymentRow = (await screen.findByText('4 h 12 m')).closest('tr')!;
    expect(within(deploymentRow).getByText('production')).toBeInTheDocument();
    expect(within(deploymentRow).getByText('Yes')).toBeInTheDocument();
    expect(
      within(deploymentRow).getByRole('link', {
        name: /Open deployment run-42/,
      }),
    ).toHaveAttribute('href', 'https://ci.example.com/run/42');

    const incidentRow = (
      await screen.findByText('Checkout returns 500')
    ).closest('tr')!;
    expect(within(incidentRow).getByText('1 h 30 m')).toBeInTheDocument();
    expect(
      within(incidentRow).getByRole('link', { name: /github-actions\/run-42/ }),
    ).toHaveAttribute('href', 'https://ci.example.com/run/42');
    expect(within(incidentRow).getByText(/by time window/)).toBeInTheDocument();
    expect(
      within(incidentRow).getByRole('link', { name: /Postmortem/ }),
    ).toHaveAttribute('href', 'https://wiki.example.com/pm/P1');
    // One page of ten, not every row of the window.
    expect(api.listDeployments).toHaveBeenCalledTimes(1);
    expect(api.listDeployments).toHaveBeenCalledWith({
      ...query,
      limit: 10,
      offset: 0,
    });
    expect(api.listIncidents).toHaveBeenCalledTimes(1);
  });

  it('asks the server for the next page and for another order', async () => {
    const api = mockDevopsInsightsApi({
      listDeployments: jest.fn().mockImplementation(async q => ({
        items: Array.from({ length: 10 }, (_, i) => ({
          ...deployment,
          id: `run-${q.offset + i}`,
        })),
        totalCount: 57,
        limit: q.limit,
        offset: q.offset,
      })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
        <DrillDown query={query} showEntity={false} />
      </TestApiProvider>,
    );
    // The server's total, though only ten rows were fetched.
    expect((await screen.findAllByText('1-10 of 57')).length).toBeGreaterThan(
      0,
    );

    await userEvent.click(
      screen.getAllByRole('button', { name: /next page/i })[0],
    );
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith({
        ...query,
        limit: 10,
        offset: 10,
      }),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Lead time' }));
    await waitFor(() =>
      expect(api.listDeployments).toHaveBeenLastCalledWith(
        expect.objectContaining({
          sort: 'leadTimeMedianSeconds',
          order: 'asc',
          offset: 0,
        }),
      ),
    );
  });

  it('names the missing permission and retries a failed list', async () => {
    const denied = await ResponseError.fromResponse(
      errorResponse(403, 'Unauthorized'),
    );
    const api = mockDevopsInsightsApi({
      listIncidents: jest
        .fn()
        .mockRejectedValueOnce(denied)
        .mockResolvedValue(page([incident])),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
        <DrillDown query={query} showEntity={false} />
      </TestApiProvider>,
    );

    // A denied read is no error box: it says what the user may not see.
    const panel = await screen.findByTestId('metrics-denied');
    expect(panel).toHaveTextContent('You may not see incidents');
    expect(panel).toHaveTextContent('devops-insights.metrics.read');
    expect(screen.queryByTestId('metrics-error')).not.toBeInTheDocument();
    await userEvent.click(within(panel).getByRole('button', { name: 'Retry' }));
    expect(await screen.findByText('Checkout returns 500')).toBeInTheDocument();
    expect(screen.queryByTestId('metrics-denied')).not.toBeInTheDocument();
  });

  it("names each row's entity by its name, linking to its page", async () => {
    const api = mockDevopsInsightsApi({
      listDeployments: jest.fn().mockResolvedValue(page([deployment])),
      listIncidents: jest.fn().mockResolvedValue(page([incident])),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
        <DrillDown query={query} showEntity />
      </TestApiProvider>,
      { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
    );

    const deploymentRow = (await screen.findByText('4 h 12 m')).closest('tr')!;
    const incidentRow = (
      await screen.findByText('Checkout returns 500')
    ).closest('tr')!;
    for (const row of [deploymentRow, incidentRow]) {
      const link = within(row).getByRole('link', { name: 'checkout' });
      expect(link).toHaveAttribute(
        'href',
        '/catalog/default/component/checkout',
      );
      // Never the raw ref.
      expect(row).not.toHaveTextContent('component:default/checkout');
    }
  });
});
