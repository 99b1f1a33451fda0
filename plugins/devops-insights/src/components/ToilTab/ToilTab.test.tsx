import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import {
  errorResponse,
  validationErrorResponse,
} from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { toilAtShare, toilResponse } from '../../__testUtils__/toilFixtures';
import { TONE_STYLES } from '../shared/palette';
import { currentIsoWeek } from './isoWeek';
import { ToilTab } from './ToilTab';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

async function renderTab(
  api: DevopsInsightsApi,
  permission = mockApis.permission(),
  entity = component,
) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [devopsInsightsApiRef, api],
        [permissionApiRef, permission],
      ]}
    >
      <EntityProvider entity={entity}>
        <ToilTab />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: ['/toil'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('ToilTab', () => {
  it('shows share, hours and capacity with the status', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    await renderTab(api);

    // 120 h of 4 members × 40 h × 30 / 7 days.
    expect(await screen.findByTestId('toil-share')).toHaveTextContent('17.5 %');
    expect(screen.getByTestId('toil-hours')).toHaveTextContent('120 h');
    expect(screen.getByTestId('toil-capacity')).toHaveTextContent('685.7 h');
    expect(screen.getByTestId('toil-status')).toHaveTextContent('Healthy');
    expect(screen.getByTestId('tile-toilCapacity')).toHaveTextContent(
      '4 members of payments',
    );
    expect(api.getToil).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      from: expect.any(String),
      to: expect.any(String),
    });
  });

  it.each([
    [0.2, '20 %', 'Healthy', 'good'],
    [0.25, '25 %', 'At risk', 'warning'],
    [0.5, '50 %', 'At risk', 'warning'],
    [0.51, '51 %', 'Over cap', 'bad'],
  ] as const)(
    'labels a share of %p (%s) "%s"',
    async (share, text, label, tone) => {
      const api = mockDevopsInsightsApi();
      api.getToil.mockResolvedValue(toilAtShare(share));
      await renderTab(api);

      expect(await screen.findByTestId('toil-share')).toHaveTextContent(text);
      const chip = screen.getByTestId('toil-status');
      expect(chip).toHaveTextContent(label);
      expect(chip).toHaveStyle({
        backgroundColor: TONE_STYLES[tone].background,
      });
    },
  );

  it('shows a share above 100 % as a data problem, never as a figure', async () => {
    const api = mockDevopsInsightsApi();
    // One entity went from 3.7 % to 983.7 % with unbounded reports.
    api.getToil.mockResolvedValue(toilAtShare(9.837));
    await renderTab(api);

    const warning = await screen.findByTestId('toil-over-capacity');
    expect(warning).toHaveTextContent(
      "Data problem: 6745.4 h of toil in this window exceed the owning team's working time of 685.7 h",
    );
    const share = screen.getByTestId('toil-share');
    expect(share).toHaveTextContent('Over capacity (data problem)');
    expect(screen.getByTestId('devops-insights-toil')).not.toHaveTextContent(
      '983',
    );
    expect(screen.queryByTestId('toil-status')).not.toBeInTheDocument();
  });

  it('says why there is no share when the team has no members', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(
      toilResponse({
        scope: {
          entityRefs: ['component:default/checkout'],
          owningGroups: ['group:default/payments'],
          members: 0,
        },
        capacityHours: null,
        share: null,
        status: null,
      }),
    );
    await renderTab(api);

    expect(await screen.findByTestId('toil-share')).toHaveTextContent(
      'No data',
    );
    expect(screen.getByTestId('no-data-reason-toilShare')).toHaveTextContent(
      'the owning team has no members in the catalog',
    );
    expect(screen.getByTestId('toil-capacity')).toHaveTextContent('No data');
    expect(screen.queryByTestId('toil-status')).not.toBeInTheDocument();
    // The hours are still known.
    expect(screen.getByTestId('toil-hours')).toHaveTextContent('120 h');
  });

  it('says so when no owning team is known', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(
      toilResponse({
        scope: { entityRefs: [], owningGroups: [], members: 0 },
        capacityHours: null,
        share: null,
        status: null,
      }),
    );
    await renderTab(api);
    expect(
      await screen.findByTestId('no-data-reason-toilShare'),
    ).toHaveTextContent('no owning team found in the catalog');
  });

  it('lists the top toil sources, largest first', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    await renderTab(api);

    const first = (await screen.findByText('Access requests')).closest('tr')!;
    expect(within(first).getByText('40 h')).toBeInTheDocument();
    expect(within(first).getByText(/Self-reported/)).toBeInTheDocument();
    const rows = screen
      .getAllByRole('row')
      .map(row => row.textContent ?? '')
      .filter(text => / h$/.test(text));
    expect(rows[0]).toMatch(/^Access requests/);
    expect(rows[1]).toMatch(/^checkout-5xx/);
    expect(screen.getByTestId('toil-chart')).toBeInTheDocument();
  });

  it('shows how to get data, and still offers the report, without any', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(
      toilResponse({ totalHours: null, share: null, status: null }),
    );
    await renderTab(api);

    expect(
      await screen.findByText('No toil data for this entity in this window'),
    ).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/"type":"ci-run"/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getByTestId('source-annotations')).toHaveTextContent(
      'pagerduty.com/service-id',
    );
    expect(screen.queryByTestId('toil-hours')).not.toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Report toil' }),
    ).toBeInTheDocument();
  });

  it("shows the server's message when the request fails", async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockRejectedValue(
      await ResponseError.fromResponse(
        errorResponse(404, 'No entity component:default/checkout'),
      ),
    );
    await renderTab(api);
    const panel = await screen.findByTestId('metrics-error');
    expect(panel).toHaveTextContent('Could not load the toil metrics');
    expect(panel).toHaveTextContent('No entity component:default/checkout');
  });
});

describe('ToilTab report action and the permission', () => {
  it('asks for devops-insights.toil.report on the entity and, denied, offers no Report toil but the reason', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    const permission = mockApis.permission({
      authorize: request =>
        request.permission.name === 'devops-insights.toil.report' &&
        'resourceRef' in request &&
        request.resourceRef === 'component:default/wallet'
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
    });
    // Another entity than the other tests': usePermission caches answers.
    await renderTab(api, permission, {
      ...component,
      metadata: { name: 'wallet', namespace: 'default' },
    });
    await screen.findByTestId('toil-share');
    expect(await screen.findByTestId('toil-report-denied')).toHaveTextContent(
      'Reporting toil for this entity needs the permission devops-insights.toil.report',
    );
    expect(
      screen.queryByRole('button', { name: 'Report toil' }),
    ).not.toBeInTheDocument();
  });

  it('offers Report toil when allowed', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    await renderTab(api);
    expect(
      await screen.findByRole('button', { name: 'Report toil' }),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('toil-report-denied')).not.toBeInTheDocument();
  });
});

describe('ToilTab report form', () => {
  // MUI dialogs are slow to type into on a busy CI machine.
  jest.setTimeout(20000);

  /** Pasting instead of typing keeps the tests quick. */
  async function fill(container: HTMLElement, label: RegExp, text: string) {
    await userEvent.click(within(container).getByLabelText(label));
    await userEvent.paste(text);
  }

  async function openForm(api: jest.Mocked<DevopsInsightsApi>) {
    api.getToil.mockResolvedValue(toilResponse());
    await renderTab(api);
    await screen.findByTestId('toil-share');
    await userEvent.click(
      await screen.findByRole('button', { name: 'Report toil' }),
    );
    return screen.findByRole('dialog');
  }

  it('posts a report for the current week and refreshes the tab', async () => {
    const api = mockDevopsInsightsApi();
    const dialog = await openForm(api);

    expect(
      within(dialog).getByRole('button', { name: /Week/ }),
    ).toHaveTextContent(currentIsoWeek(new Date()));
    await fill(dialog, /Hours/, '2.5');
    await fill(dialog, /Category/, 'Rotating certificates');
    await fill(dialog, /Description/, 'By hand, again');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Report' }),
    );

    await waitFor(() => expect(api.getToil).toHaveBeenCalledTimes(2));
    expect(api.createToilReport).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      week: currentIsoWeek(new Date()),
      hours: 2.5,
      category: 'Rotating certificates',
      description: 'By hand, again',
    });
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
  });

  it("shows the server's validation errors on their fields", async () => {
    const api = mockDevopsInsightsApi();
    api.createToilReport.mockRejectedValue(
      await ResponseError.fromResponse(
        validationErrorResponse('1 validation error(s) in the report', [
          { index: 0, path: 'hours', message: 'Number must be at most 168' },
        ]),
      ),
    );
    const dialog = await openForm(api);

    await fill(dialog, /Hours/, '100');
    await fill(dialog, /Category/, 'Data fixes');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Report' }),
    );

    expect(
      await within(dialog).findByText('Number must be at most 168'),
    ).toBeInTheDocument();
    expect(within(dialog).getByTestId('toil-report-error')).toHaveTextContent(
      '1 validation error(s) in the report',
    );
    // Still open, nothing refreshed.
    expect(screen.getByRole('dialog')).toBeInTheDocument();
    expect(api.getToil).toHaveBeenCalledTimes(1);
  });

  it('checks the obvious before sending', async () => {
    const api = mockDevopsInsightsApi();
    const dialog = await openForm(api);
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Report' }),
    );

    expect(
      await within(dialog).findByText('Enter the hours spent, more than 0'),
    ).toBeInTheDocument();
    expect(
      within(dialog).getByText('Pick or type a category'),
    ).toBeInTheDocument();
    expect(api.createToilReport).not.toHaveBeenCalled();
  });
});

describe('ToilTab reports list', () => {
  const reportItem = (id: string, canDelete: boolean) => ({
    source: 'backstage',
    id,
    entityRef: 'component:default/checkout',
    week: '2026-W10',
    hours: id === 'mine' ? 3 : 5,
    category: 'access requests',
    description: null,
    userRef: `user:default/${id === 'mine' ? 'ann' : 'cy'}`,
    reportedBy: `user:default/${id === 'mine' ? 'ann' : 'cy'}`,
    canDelete,
  });

  it('offers delete only on reports the user may delete, and refreshes after one', async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    api.listToilReports.mockResolvedValue({
      items: [reportItem('mine', true), reportItem('theirs', false)],
      totalCount: 2,
      limit: 500,
      offset: 0,
    });
    await renderTab(api);

    const list = await screen.findByTestId('toil-reports');
    await waitFor(() => expect(list).toHaveTextContent('access requests'));
    expect(list).toHaveTextContent('ann');
    expect(list).toHaveTextContent('cy');
    // Refs read as the catalog's names and link to the entities.
    expect(within(list).getByRole('link', { name: 'ann' })).toHaveAttribute(
      'href',
      '/catalog/default/user/ann',
    );
    expect(
      within(list).getAllByRole('link', { name: 'checkout' }),
    ).toHaveLength(2);
    expect(list).not.toHaveTextContent('user:default/ann');
    const deletes = within(list).getAllByRole('button', { name: /Delete/ });
    expect(deletes).toHaveLength(1);
    expect(deletes[0]).toHaveAccessibleName(
      'Delete the toil report of 3 h for 2026-W10',
    );
    expect(api.listToilReports).toHaveBeenCalledWith({
      entityRef: 'component:default/checkout',
      from: expect.any(String),
      to: expect.any(String),
      limit: 500,
    });

    const toilReads = api.getToil.mock.calls.length;
    const listReads = api.listToilReports.mock.calls.length;
    await userEvent.click(deletes[0]);
    await waitFor(() =>
      expect(api.deleteToilReport).toHaveBeenCalledWith('mine'),
    );
    await waitFor(() =>
      expect(api.getToil.mock.calls.length).toBeGreaterThan(toilReads),
    );
    expect(api.listToilReports.mock.calls.length).toBeGreaterThan(listReads);
  });

  it("shows the server's reason when a delete is refused", async () => {
    const api = mockDevopsInsightsApi();
    api.getToil.mockResolvedValue(toilResponse());
    api.listToilReports.mockResolvedValue({
      items: [reportItem('mine', true)],
      totalCount: 1,
      limit: 500,
      offset: 0,
    });
    api.deleteToilReport.mockRejectedValue(
      await ResponseError.fromResponse(
        errorResponse(403, 'Only its reporter may'),
      ),
    );
    await renderTab(api);
    const list = await screen.findByTestId('toil-reports');
    await userEvent.click(
      await within(list).findByRole('button', { name: /Delete/ }),
    );
    expect(await within(list).findByRole('alert')).toHaveTextContent(
      'Could not delete the toil report: Only its reporter may',
    );
  });
});
