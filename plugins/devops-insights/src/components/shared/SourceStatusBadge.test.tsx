import { act, screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type { SourceStatus } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../api';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { SourceStatusBadge } from './SourceStatusBadge';

const minutesAgo = (minutes: number) =>
  new Date(Date.now() - minutes * 60000).toISOString();

const status = (over: Partial<SourceStatus>): SourceStatus => ({
  source: 'github',
  target: 'acme/checkout',
  lastSuccessAt: minutesAgo(4),
  lastError: null,
  rowsIngested: 10,
  rateLimit: null,
  ...over,
});

async function renderBadge(sources: SourceStatus[] | Error) {
  const api = mockDevopsInsightsApi();
  if (sources instanceof Error) api.getSources.mockRejectedValue(sources);
  else api.getSources.mockResolvedValue({ sources });
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <div data-testid="host">
        <SourceStatusBadge />
      </div>
    </TestApiProvider>,
  );
  return api;
}

/** Lets the badge see the answer before asserting it shows nothing. */
async function settled(promise: Promise<unknown>) {
  await act(async () => {
    await promise.catch(() => undefined);
  });
}

describe('SourceStatusBadge', () => {
  it("shows each source's freshest sync", async () => {
    await renderBadge([
      status({ target: 'acme/old', lastSuccessAt: minutesAgo(300) }),
      status({}),
      status({ source: 'pagerduty', target: 'PXYZ', lastSuccessAt: null }),
    ]);
    expect(await screen.findByTestId('source-status-github')).toHaveTextContent(
      'github · synced 4 min ago',
    );
    expect(screen.getByTestId('source-status-pagerduty')).toHaveTextContent(
      'pagerduty · never synced',
    );
    expect(
      screen.queryByTestId('source-warning-github'),
    ).not.toBeInTheDocument();
  });

  it('warns when a target failed after its last success', async () => {
    await renderBadge([
      status({}),
      status({
        target: 'acme/legacy',
        lastSuccessAt: minutesAgo(120),
        lastError: { message: 'Bad credentials', at: minutesAgo(2) },
      }),
    ]);
    const warning = await screen.findByTestId('source-warning-github');
    expect(warning).toHaveTextContent('1 target failing');
    expect(warning).toHaveAttribute(
      'title',
      expect.stringContaining('acme/legacy: Bad credentials (2 min ago)'),
    );
    expect(warning).toHaveAttribute('data-tone', 'warning');
  });

  it('does not warn about an error a later sync recovered from', async () => {
    await renderBadge([
      status({ lastError: { message: 'timeout', at: minutesAgo(30) } }),
    ]);
    await screen.findByTestId('source-status-github');
    expect(
      screen.queryByTestId('source-warning-github'),
    ).not.toBeInTheDocument();
  });

  it('renders nothing without sources', async () => {
    const api = await renderBadge([]);
    await settled(api.getSources.mock.results[0].value);
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });

  it('renders nothing when the status cannot be read', async () => {
    const api = await renderBadge(new Error('Forbidden'));
    await settled(api.getSources.mock.results[0].value);
    expect(screen.getByTestId('host')).toBeEmptyDOMElement();
  });
});
