import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Entity } from '@backstage/catalog-model';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ResponseError } from '@backstage/errors';
import type { IncidentListItem } from '@devops-insights/backstage-plugin-common';
import { DevopsInsightsApi, devopsInsightsApiRef } from '../../api';
import { errorResponse } from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { onCallResponse, responder } from '../../__testUtils__/onCallFixtures';
import { OnCallTab } from './OnCallTab';

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const incident: IncidentListItem = {
  source: 'pagerduty',
  id: 'P1',
  entityRef: 'component:default/checkout',
  title: 'Checkout returns 500',
  urgency: 'high',
  createdAt: '2026-05-01T11:00:00.000Z',
  acknowledgedAt: '2026-05-01T11:04:00.000Z',
  resolvedAt: null,
  durationSeconds: null,
  attributedDeployment: null,
  changeRelated: null,
  autoResolved: false,
  dedupKey: 'checkout-5xx',
  url: 'https://pd.example.com/P1',
  postmortemUrl: null,
};

async function renderTab(api: DevopsInsightsApi) {
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <EntityProvider entity={component}>
        <OnCallTab />
      </EntityProvider>
    </TestApiProvider>,
    {
      routeEntries: ['/oncall'],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

const normalizeSpace = (text: string | null) =>
  (text ?? '').replace(/\s+/g, ' ').trim();

describe('OnCallTab', () => {
  jest.setTimeout(20000);

  it('shows response times and team load in human units', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(onCallResponse());
    await renderTab(api);

    expect(await screen.findByTestId('oncall-mtta')).toHaveTextContent('4 m');
    expect(screen.getByTestId('oncall-mttr')).toHaveTextContent('1 h 30 m');
    expect(screen.getByTestId('oncall-incidentsPer12h')).toHaveTextContent(
      '0.2 / 12 h',
    );
    expect(screen.getByTestId('oncall-fairness')).toHaveTextContent('1.5 ×');
    expect(screen.getByTestId('oncall-postmortemCoverage')).toHaveTextContent(
      '75 %',
    );
    expect(screen.getByTestId('oncall-load-status')).toHaveTextContent(
      'Within SRE limit',
    );
  });

  it('names the scope of each figure, and never calls all-incident figures what DORA calls high-urgency ones', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(onCallResponse());
    await renderTab(api);
    const tile = async (key: string) =>
      normalizeSpace((await screen.findByTestId(`tile-${key}`)).textContent);
    const mttr = await tile('mttr');
    expect(mttr).toMatch(/^Time to resolve/);
    expect(mttr).toContain('any urgency');
    expect(mttr).not.toMatch(/MTTR|time to restore service/i);
    expect(await tile('mtta')).toContain('of any urgency created');
    // Incidents here, pages on the leadership page: said, not left to guess.
    expect(await tile('incidentsPer12h')).toMatch(
      /incidents? of any urgency \(not pages\)/,
    );
    expect(await tile('fairness')).not.toContain('max ÷ median');
  });

  it.each([
    [2, 'Within SRE limit'],
    [2.1, 'Over SRE limit'],
  ])('judges %p incidents per 12 h "%s"', async (rate, label) => {
    const api = mockDevopsInsightsApi();
    const base = onCallResponse();
    api.getOnCall.mockResolvedValue(
      onCallResponse({ team: { ...base.team, incidentsPer12h: rate } }),
    );
    await renderTab(api);
    expect(await screen.findByTestId('oncall-load-status')).toHaveTextContent(
      label,
    );
  });

  it('says "No data" for figures without data, never 0', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(
      onCallResponse({
        incidents: { created: 0, mttaSeconds: null, mttrSeconds: null },
        team: {
          level1CoverageHours: 720,
          level1OnCallHours: 720,
          incidentsPer12h: null,
          pagesPer12h: null,
          offHoursPagesPerResponderWeek: null,
          fairness: null,
          postmortemCoverage: null,
        },
      }),
    );
    await renderTab(api);

    for (const key of [
      'mtta',
      'mttr',
      'incidentsPer12h',
      'fairness',
      'postmortemCoverage',
    ]) {
      expect(await screen.findByTestId(`oncall-${key}`)).toHaveTextContent(
        'No data',
      );
    }
    expect(screen.queryByTestId('oncall-load-status')).not.toBeInTheDocument();
  });

  it('shows who is on call now, level 1 first, and the next 14 days', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(onCallResponse());
    await renderTab(api);

    const now = await screen.findByTestId('oncall-now');
    const rows = within(now).getAllByRole('row');
    expect(rows[0]).toHaveTextContent('Level 1');
    expect(rows[0]).toHaveTextContent('alice');
    expect(
      within(rows[0]).getByRole('link', { name: /Payments primary/ }),
    ).toHaveAttribute('href', 'https://pd.example.com/schedules/P1');
    expect(rows[1]).toHaveTextContent('Level 2');
    expect(rows[1]).toHaveTextContent('bob');

    const timeline = screen.getByTestId('oncall-timeline');
    // alice and bob now, carol from the 18th: the current shifts are not lost.
    expect(within(timeline).getAllByTestId('oncall-timeline-bar')).toHaveLength(
      3,
    );
    expect(timeline).toHaveTextContent('carol');
  });

  it('flags overloaded, over-cap and sleep-interrupted responders', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(onCallResponse());
    await renderTab(api);

    const bobRow = (await screen.findByText('America/New_York')).closest('tr')!;
    expect(within(bobRow).getByTestId('flag-overloaded')).toHaveTextContent(
      'Overloaded',
    );
    expect(within(bobRow).getByTestId('flag-overOnCallCap')).toHaveTextContent(
      'On call > 25 %',
    );
    expect(
      within(bobRow).getByTestId('flag-sleepInterrupted'),
    ).toHaveTextContent('Sleep interrupted');
    expect(within(bobRow).getByText('2.5 / 12 h')).toBeInTheDocument();
    expect(
      within(bobRow).getByRole('img', {
        name: 'Sleep: 3, Off hours: 7, Business: 20',
      }),
    ).toBeInTheDocument();

    const aliceRow = screen.getByText('Europe/Berlin').closest('tr')!;
    expect(within(aliceRow).queryByTestId(/^flag-/)).not.toBeInTheDocument();
  });

  it('says why the per-responder load is withheld, keeping the team figures', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(
      onCallResponse({ responders: [], respondersWithheld: true }),
    );
    await renderTab(api);
    expect(await screen.findByTestId('responders-withheld')).toHaveTextContent(
      'devops-insights.oncall.responders.read',
    );
    expect(screen.queryByText('America/New_York')).not.toBeInTheDocument();
    expect(screen.getByTestId('oncall-mtta')).toBeInTheDocument();
  });

  it('shows a responder without pages per 12 h as a dash', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(
      onCallResponse({
        responders: [
          responder({
            onCallHours: 0,
            onCallShare: 0,
            pages: 1,
            pagesPer12h: null,
            pagesByBand: { sleep: 0, business: 1, off: 0 },
          }),
        ],
      }),
    );
    await renderTab(api);
    const row = (await screen.findByText('Europe/Berlin')).closest('tr')!;
    expect(row).toHaveTextContent('—');
    expect(row).not.toHaveTextContent('/ 12 h');
  });

  it('filters the incident history on the server', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(onCallResponse());
    api.listIncidents.mockResolvedValue({
      items: [incident],
      totalCount: 1,
      limit: 500,
      offset: 0,
    });
    await renderTab(api);

    const history = await screen.findByTestId('oncall-incidents');
    const row = (
      await within(history).findByText('Checkout returns 500')
    ).closest('tr')!;
    expect(row).toHaveTextContent('Acknowledged');
    expect(row).toHaveTextContent('4 m');

    await userEvent.click(
      within(history).getByRole('button', { name: /All urgencies/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'High' }));
    await userEvent.click(
      within(history).getByRole('button', { name: /All states/ }),
    );
    await userEvent.click(await screen.findByRole('option', { name: 'Open' }));

    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith(
        expect.objectContaining({ urgency: 'high', status: 'open' }),
      ),
    );
    expect(api.listIncidents.mock.calls[0][0]).not.toHaveProperty('urgency');
  });

  it('shows how to send on-call data when there is none', async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockResolvedValue(
      onCallResponse({
        now: { at: '2026-05-15T10:00:00.000Z', shifts: [] },
        upcoming: [],
        incidents: { created: 0, mttaSeconds: null, mttrSeconds: null },
        responders: [],
        team: {
          level1CoverageHours: 0,
          level1OnCallHours: 0,
          incidentsPer12h: null,
          pagesPer12h: null,
          offHoursPagesPerResponderWeek: null,
          fairness: null,
          postmortemCoverage: null,
        },
      }),
    );
    await renderTab(api);
    expect(
      await screen.findByText('No on-call data for this entity yet'),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/"type":"oncall-shift"/).length).toBeGreaterThan(
      0,
    );
    expect(screen.queryByTestId('oncall-mtta')).not.toBeInTheDocument();
  });

  it("shows the server's message when the request fails", async () => {
    const api = mockDevopsInsightsApi();
    api.getOnCall.mockRejectedValue(
      await ResponseError.fromResponse(
        errorResponse(400, 'from must be before to'),
      ),
    );
    await renderTab(api);
    const panel = await screen.findByTestId('metrics-error');
    expect(panel).toHaveTextContent('Could not load the on-call metrics');
    expect(panel).toHaveTextContent('from must be before to');
  });
});
