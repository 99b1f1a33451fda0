import { act, screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import type {
  CoverageResponse,
  SourceStatus,
} from '@devops-insights/backstage-plugin-common';
import { coverage } from '../../__testUtils__/breakdownFixtures';
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

async function renderBadge(
  sources: SourceStatus[] | Error,
  entity?: { entityRef: string; coverage: CoverageResponse },
) {
  const api = mockDevopsInsightsApi();
  if (sources instanceof Error) api.getSources.mockRejectedValue(sources);
  else api.getSources.mockResolvedValue({ sources });
  if (entity) api.getCoverage.mockResolvedValue(entity.coverage);
  await renderInTestApp(
    <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
      <div data-testid="host">
        <SourceStatusBadge entityRef={entity?.entityRef} />
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

  describe('for an entity', () => {
    const GROUP = 'group:default/payments';
    const of = (...entities: CoverageResponse['entities']) => ({
      entityRef: GROUP,
      entities,
      summary: { entities: 0, deployments: 0, incidents: 0, rotation: 0 },
    });

    it('names the sources feeding it, with how many of its entities each feeds', async () => {
      const api = await renderBadge(
        [
          status({
            source: 'pagerduty',
            target: 'acme',
            lastError: { message: 'Unauthorized', at: minutesAgo(1) },
          }),
          status({ source: 'gitlab', target: 'other' }),
        ],
        {
          entityRef: GROUP,
          coverage: of(
            coverage('component:default/a', ['github', 'pagerduty']),
            coverage('component:default/b', ['github']),
          ),
        },
      );
      expect(api.getCoverage).toHaveBeenCalledWith({ entityRef: GROUP });
      expect(
        await screen.findByTestId('source-status-github'),
      ).toHaveTextContent(/^github · last event .* ago · 2 of 2$/);
      expect(screen.getByTestId('source-status-pagerduty')).toHaveTextContent(
        '1 of 2',
      );
      // Install-wide sources that feed none of its entities are not its own.
      expect(
        screen.queryByTestId('source-status-gitlab'),
      ).not.toBeInTheDocument();
      expect(screen.getByTestId('source-warning-pagerduty')).toHaveTextContent(
        '1 target failing',
      );
    });

    it('warns when no source feeds it', async () => {
      await renderBadge([status({})], {
        entityRef: 'component:default/a',
        coverage: of(
          coverage('component:default/a', [], ['deployments', 'incidents']),
        ),
      });
      const none = await screen.findByTestId('source-status-none');
      expect(none).toHaveTextContent('No source feeds this entity');
      expect(none).toHaveAttribute(
        'title',
        'no deployment source; no incident source',
      );
    });

    it('falls back to the install-wide status when its coverage cannot be read', async () => {
      await renderBadge([status({})]);
      expect(
        await screen.findByTestId('source-status-github'),
      ).toHaveTextContent('github · synced 4 min ago');
    });
  });
});
