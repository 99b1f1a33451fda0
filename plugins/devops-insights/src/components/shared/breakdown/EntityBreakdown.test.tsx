import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { BreakdownResponse } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../../api';
import { breakdownResponse } from '../../../__testUtils__/breakdownFixtures';
import { exportCsv, parseCsv } from '../../../__testUtils__/csvExport';
import { mockDevopsInsightsApi } from '../../../__testUtils__/mockApi';
import { EntityBreakdown } from './EntityBreakdown';

function Location() {
  const { pathname, search } = useLocation();
  return <div data-testid="location">{`${pathname}${search}`}</div>;
}

async function renderBreakdown(
  response: BreakdownResponse | Error = breakdownResponse(),
  kind = 'Group',
) {
  const api = mockDevopsInsightsApi({
    getBreakdown: jest.fn().mockImplementation(async () => {
      if (response instanceof Error) throw response;
      return response;
    }),
  });
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <EntityBreakdown
        entityRef="group:default/payments"
        kind={kind}
        tab={response instanceof Error ? 'dora' : response.tab}
        from="2026-04-01T00:00:00.000Z"
        to="2026-05-01T00:00:00.000Z"
      />
      <Location />
    </TestApiProvider>,
    {
      routeEntries: ['/catalog/default/group/payments/dora?window=30d'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

const rowNames = () =>
  screen
    .getAllByTestId(/^breakdown-row-/)
    .map(r => r.getAttribute('data-testid')!.replace('breakdown-row-', ''));

describe('EntityBreakdown', () => {
  jest.setTimeout(30_000);

  it('asks once for the whole scope and shows a row per entity under its sub-team', async () => {
    const api = await renderBreakdown();
    await screen.findByTestId('breakdown-table');
    expect(api.getBreakdown).toHaveBeenCalledTimes(1);
    expect(api.getBreakdown).toHaveBeenCalledWith({
      entityRef: 'group:default/payments',
      tab: 'dora',
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-05-01T00:00:00.000Z',
    });
    // The team's own services first, then each sub-team's.
    expect(
      screen
        .getAllByTestId(/^breakdown-(group|row)-/)
        .map(r => r.getAttribute('data-testid')),
    ).toEqual([
      'breakdown-group-payments',
      'breakdown-row-checkout',
      'breakdown-group-payments-mobile',
      'breakdown-row-api:wallet-api',
      'breakdown-row-wallet',
    ]);
    const checkout = screen.getByTestId('breakdown-row-checkout');
    expect(
      checkout.querySelector('[data-column="deploymentFrequency"]'),
    ).toHaveTextContent('2 / day Elite ▲ +1 / day better');
  });

  it('says how many entities have data and a source, and what to add', async () => {
    await renderBreakdown();
    expect(await screen.findByTestId('coverage-line')).toHaveTextContent(
      '2 of 3 services report deployments · 1 of 3 have an incident source · 2 of 3 are covered by an on-call rotation',
    );
    expect(screen.getByTestId('breakdown-data-counts')).toHaveTextContent(
      'pool 3 entities; with data in this window: Deployment frequency 2 of 3',
    );
    const checkout = screen.getByTestId('breakdown-row-checkout');
    expect(
      within(checkout).getByTestId('coverage-missing-incidents'),
    ).toHaveTextContent(
      'no incident source: add pagerduty.com/service-id or use the events API (docs',
    );
    expect(within(checkout).getByText('docs')).toHaveAttribute(
      'href',
      expect.stringContaining('well-known-annotations'),
    );
    const api = screen.getByTestId('breakdown-row-api:wallet-api');
    expect(within(api).getByText('No source')).toBeInTheDocument();
    // An annotation already there: the source sent nothing yet.
    expect(
      within(api).getByTestId('coverage-missing-deployments'),
    ).toHaveTextContent(
      'github.com/project-slug is set but nothing was received yet',
    );
    expect(
      within(screen.getByTestId('breakdown-row-wallet')).queryByTestId(
        /coverage-missing/,
      ),
    ).not.toBeInTheDocument();
  });

  it('sorts, searches, collapses a sub-team and exports exactly what is shown', async () => {
    await renderBreakdown();
    await screen.findByTestId('breakdown-table');
    await userEvent.click(
      screen.getByRole('button', { name: 'Deployment frequency' }),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Deployment frequency' }),
    );
    // Descending within each sub-team; no data last.
    expect(rowNames()).toEqual(['checkout', 'wallet', 'api:wallet-api']);

    await userEvent.type(screen.getByTestId('breakdown-search'), 'wallet');
    expect(rowNames()).toEqual(['wallet', 'api:wallet-api']);
    expect(screen.getByText('By entity (2 of 3)')).toBeInTheDocument();
    const csv = parseCsv(await exportCsv('breakdown-csv'));
    expect(csv.map(r => r.slice(0, 2))).toEqual([
      ['Owner', 'Entity'],
      ['payments-mobile', 'wallet'],
      ['payments-mobile', 'api:wallet-api'],
    ]);
    expect(csv[0]).toContain('Sources');
    expect(csv[2]).toContain('No data');

    await userEvent.clear(screen.getByTestId('breakdown-search'));
    await userEvent.click(
      screen.getByRole('button', { name: 'Hide payments-mobile' }),
    );
    expect(rowNames()).toEqual(['checkout']);
  });

  it("opens an entity's own tab in the same window", async () => {
    await renderBreakdown(breakdownResponse('oncall'));
    await userEvent.click(await screen.findByTestId('breakdown-row-wallet'));
    await waitFor(() =>
      expect(screen.getByTestId('location')).toHaveTextContent(
        '/catalog/default/component/wallet/oncall?window=30d',
      ),
    );
  });

  it.each([
    ['toil', ['Toil', 'Top signal'], 'wallet3 hNo data'],
    [
      'oncall',
      ['Incidents', 'Pages', 'Pages / 12 h shift', 'MTTA', 'MTTR', 'Rotation'],
      'Yes',
    ],
  ] as const)('shows the %s figures per entity', async (tab, titles, cell) => {
    await renderBreakdown(breakdownResponse(tab));
    const table = await screen.findByTestId('breakdown-table');
    const headers = Array.from(table.querySelectorAll('th')).map(
      th => th.textContent,
    );
    expect(headers).toEqual(['Entity', ...titles, 'Sources']);
    expect(screen.getByTestId('breakdown-row-wallet')).toHaveTextContent(cell);
  });

  it('renders nothing for a component', async () => {
    const api = await renderBreakdown(breakdownResponse(), 'Component');
    expect(screen.queryByTestId('entity-breakdown')).not.toBeInTheDocument();
    expect(api.getBreakdown).not.toHaveBeenCalled();
  });

  it('shows an error panel with a retry when the request fails', async () => {
    await renderBreakdown(new Error('boom'));
    expect(await screen.findByText(/figures per entity/)).toBeInTheDocument();
  });
});
