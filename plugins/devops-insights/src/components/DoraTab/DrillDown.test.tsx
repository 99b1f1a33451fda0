import { screen, within } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  DeploymentListItem,
  IncidentListItem,
} from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { PAGE_SIZE } from '../shared/fetchAllPages';
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
  },
  changeRelated: null,
  autoResolved: false,
  dedupKey: null,
  url: 'https://pd.example.com/P1',
  postmortemUrl: 'https://wiki.example.com/pm/P1',
};

describe('DrillDown', () => {
  it('lists the deployments and incidents behind the numbers', async () => {
    const page = <T,>(items: T[]) => ({
      items,
      totalCount: items.length,
      limit: PAGE_SIZE,
      offset: 0,
    });
    const api: DevopsInsightsApi = mockDevopsInsightsApi({
      listDeployments: jest.fn().mockResolvedValue(page([deployment])),
      listIncidents: jest.fn().mockResolvedValue(page([incident])),
    });
    const query = {
      entityRef: 'component:default/checkout',
      from: '2026-04-15T00:00:00.000Z',
      to: '2026-05-15T00:00:00.000Z',
    };
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
    expect(api.listDeployments).toHaveBeenCalledWith({
      ...query,
      limit: PAGE_SIZE,
      offset: 0,
    });
  });
});
