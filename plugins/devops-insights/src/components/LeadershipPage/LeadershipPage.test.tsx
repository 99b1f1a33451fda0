import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { RollupResponse } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import { errorResponse } from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { rollupResponse } from '../../__testUtils__/rollupFixtures';
import { ResponseError } from '@backstage/errors';
import { exportCsv, parseCsv } from '../../__testUtils__/csvExport';
import { LeadershipPage } from './LeadershipPage';

function mockApi(
  response: RollupResponse | Error = rollupResponse(),
): jest.Mocked<DevopsInsightsApi> {
  return mockDevopsInsightsApi({
    getRollup: jest.fn().mockImplementation(async () => {
      if (response instanceof Error) throw response;
      return response;
    }),
  });
}

/** Shows the URL's query so tests can see what the page keeps there. */
function Search() {
  return <div data-testid="location-search">{useLocation().search}</div>;
}

async function renderPage(api: DevopsInsightsApi, search = '') {
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <LeadershipPage />
      <Search />
    </TestApiProvider>,
    {
      routeEntries: [`/devops-insights${search}`],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return screen.findByTestId('rollup-table');
}

const normalize = (text: string | null) =>
  (text ?? '').replace(/\s+/g, ' ').trim();

/** The table as the user reads it: header texts, then each row's cell texts. */
function readTable(table: HTMLElement): string[][] {
  return Array.from(table.querySelectorAll('tr')).map(row =>
    Array.from(row.querySelectorAll('th, td')).map(cell =>
      normalize(cell.textContent),
    ),
  );
}

const teamOrder = (table: HTMLElement) =>
  readTable(table)
    .slice(1)
    .map(r => r[0]);

describe('LeadershipPage', () => {
  jest.setTimeout(20000);

  it('asks for the rollup once, and shows a row per team incl. sub-teams', async () => {
    const api = mockApi();
    const table = await renderPage(api);
    expect(api.getRollup).toHaveBeenCalledTimes(1);
    expect(api.getRollup.mock.calls[0][0]).not.toHaveProperty('groupRef');
    expect(api.getDora).not.toHaveBeenCalled();
    expect(teamOrder(table)).toEqual([
      'Engineering Summary of 3 sub-teams',
      'Checkout',
      'Newbies',
      'Payments Summary of 1 sub-team and 3 own services',
      'Payments API',
      'Platform',
    ]);
    const payments = screen.getByTestId('rollup-row-payments');
    const cells = within(payments)
      .getAllByRole('cell')
      .map(c => normalize(c.textContent));
    expect(cells).toEqual([
      'Payments Summary of 1 sub-team and 3 own services',
      '4',
      '3.2 / day Elite ▲ +2.7 / day better',
      '4 h 12 m High ▬ unchanged',
      '4.8 % Elite ▬ unchanged',
      '5 h High ▬ unchanged',
      '30 % At risk',
      '1.5 / 12 h',
      'Deployments per whole week: 10, 22, 0',
    ]);
    expect(
      within(payments).getByRole('link', { name: 'Payments' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments/dora');
  });

  it('shows "No data", never 0, for a team without data', async () => {
    await renderPage(mockApi());
    const cells = within(screen.getByTestId('rollup-row-newbies'))
      .getAllByRole('cell')
      .map(c => normalize(c.textContent));
    expect(cells).toEqual([
      'Newbies',
      '0', // a real count of services
      'No data',
      'No data',
      'No data',
      'No data',
      'No data',
      'No data',
      'No data',
    ]);
  });

  it('sorts by a column, with "no data" last either way', async () => {
    const table = await renderPage(mockApi());
    const header = within(table).getByRole('button', {
      name: 'Deployment frequency',
    });
    await userEvent.click(header);
    const titles = () => teamOrder(table).map(t => t.split(' Summary')[0]);
    expect(titles()).toEqual([
      'Engineering',
      'Checkout',
      'Payments',
      'Payments API',
      'Newbies',
      'Platform',
    ]);
    await userEvent.click(header);
    expect(titles()).toEqual([
      'Platform',
      'Engineering',
      'Payments',
      'Payments API',
      'Checkout',
      'Newbies',
    ]);
  });

  it('counts per metric the teams meeting their goal, and narrows the table to teams missing one', async () => {
    const base = rollupResponse();
    const goal = (met: boolean | null) => ({
      metric: 'leadTime' as const,
      target: 3600,
      origin: { kind: 'config' as const },
      value: met === null ? null : 1800,
      met,
    });
    const teams = base.teams.map((team, i) => ({
      ...team,
      goals: [goal(i === 0 ? false : true)],
    }));
    const table = await renderPage(
      mockApi({
        ...base,
        teams,
        goals: { leadTime: { met: teams.length - 1, missed: 1, noData: 0 } },
      }),
    );
    expect(screen.getByTestId('goal-summary-leadTime')).toHaveTextContent(
      `Lead time: ${teams.length - 1} of ${teams.length} teams · 1 missing`,
    );
    expect(teamOrder(table)).toHaveLength(teams.length);
    await userEvent.click(
      screen.getByRole('checkbox', { name: 'Only teams missing a goal' }),
    );
    expect(teamOrder(table)).toEqual([
      `${teams[0].title} Summary of 3 sub-teams`,
    ]);
  });

  it('shows no goal summary without goals', async () => {
    await renderPage(mockApi());
    expect(screen.queryByTestId('goal-summary')).toBeNull();
  });

  it('searches the rows', async () => {
    const table = await renderPage(mockApi());
    await userEvent.type(screen.getByTestId('rollup-search'), 'over cap');
    expect(teamOrder(table)).toEqual(['Checkout']);
  });

  it('exports exactly the table, in its sort and search order', async () => {
    const table = await renderPage(mockApi());
    await userEvent.click(
      within(table).getByRole('button', { name: 'Pages / 12 h shift' }),
    );
    await userEvent.type(screen.getByTestId('rollup-search'), 'pay');
    const csv = parseCsv(await exportCsv('rollup-csv'));
    expect(csv.map(r => r[0])).toEqual(['Team', 'Payments', 'Payments API']);
    expect(
      within(table)
        .getAllByRole('row')
        .slice(1)
        .map(row => row.getAttribute('data-testid')),
    ).toEqual(['rollup-row-payments', 'rollup-row-payments-api']);
  });

  it('shows the coverage ratios of each team beside its figures', async () => {
    const api = mockApi();
    api.getTeamsCoverage.mockResolvedValue({
      groupRef: null,
      teams: [
        {
          groupRef: 'group:default/payments',
          summary: { entities: 4, deployments: 3, incidents: 2, rotation: 4 },
        },
      ],
    });
    const table = await renderPage(api);
    await waitFor(() =>
      expect(readTable(table)[0]).toEqual(
        expect.arrayContaining([
          'Deploy sources',
          'Incident sources',
          'On-call rotation',
        ]),
      ),
    );
    const row = screen.getByTestId('rollup-row-payments');
    const cell = (id: string) =>
      row.querySelector(`[data-column="coverage-${id}"]`);
    expect(cell('deployments')).toHaveTextContent('3 of 4');
    expect(cell('incidents')).toHaveTextContent('2 of 4');
    expect(cell('rotation')).toHaveTextContent('4 of 4');
    // Teams the coverage does not list have no ratio, never "0 of 0".
    expect(
      screen
        .getByTestId('rollup-row-checkout')
        .querySelector('[data-column="coverage-deployments"]'),
    ).toHaveTextContent('No data');
  });

  it('keeps the parent group in the URL and asks for its descendants', async () => {
    const api = mockApi();
    await renderPage(api, '?window=90d');
    await userEvent.click(screen.getByRole('button', { name: /Teams under/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'Engineering' }),
    );
    await waitFor(() =>
      expect(screen.getByTestId('location-search')).toHaveTextContent(
        '?window=90d&group=group%3Adefault%2Fengineering',
      ),
    );
    await waitFor(() => expect(api.getRollup).toHaveBeenCalledTimes(2));
    expect(api.getRollup.mock.calls[1][0]).toMatchObject({
      groupRef: 'group:default/engineering',
    });
  });

  it("links each team to its DORA tab in the page's window", async () => {
    await renderPage(mockApi(), '?window=90d');
    expect(
      within(screen.getByTestId('rollup-row-payments')).getByRole('link', {
        name: 'Payments',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/group/payments/dora?window=90d',
    );
  });

  it('reads the parent group from the URL', async () => {
    const api = mockApi();
    await renderPage(api, '?group=group:default/engineering');
    expect(api.getRollup.mock.calls[0][0].groupRef).toBe(
      'group:default/engineering',
    );
  });

  it('says when the group is unknown', async () => {
    const error = await ResponseError.fromResponse(
      errorResponse(404, 'No group group:default/nope'),
    );
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, mockApi(error)]]}>
        <LeadershipPage />
      </TestApiProvider>,
      { routeEntries: ['/devops-insights?group=group:default/nope'] },
    );
    expect(
      await screen.findByText('No group group:default/nope'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Show all teams' }),
    ).toBeInTheDocument();
  });

  it('shows band distributions, pooled figures labelled as pooled, and movers', async () => {
    await renderPage(mockApi());
    expect(
      screen.getByTestId('rollup-distribution-deploymentFrequency-teams-text'),
    ).toHaveTextContent('Elite 3 · High 1 · Medium 1 · No data 1');
    expect(
      screen.getByTestId(
        'rollup-distribution-leadTimeForChanges-services-text',
      ),
    ).toHaveTextContent('Elite 10 · High 1 · Medium 3');
    const pooled = screen.getByTestId('rollup-pooled');
    // Engineering sums up its sub-teams and is no team of its own.
    expect(pooled).toHaveTextContent('Pooled across the 5 listed teams');
    expect(
      within(pooled).getByTestId('metric-pooled-deploymentFrequency'),
    ).toHaveTextContent('12.5 / day');
    expect(
      screen.getByTestId('rollup-movers-deploymentFrequency-improved'),
    ).toHaveTextContent('Payments: 3.5 / week → 3.2 / day (High → Elite)');
    expect(
      screen.getByTestId('rollup-movers-deploymentFrequency-regressed'),
    ).toHaveTextContent('Checkout: 2 / day → 1.4 / week (Elite → Medium)');
  });
});
