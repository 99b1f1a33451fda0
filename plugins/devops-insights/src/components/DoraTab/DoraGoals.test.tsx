import { screen } from '@testing-library/react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type { GoalsView } from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../../api';
import { doraResponse } from '../../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../../__testUtils__/mockApi';
import { DoraTab } from './DoraTab';

const H = 3600;
const goals: GoalsView = {
  figures: [
    {
      metric: 'leadTime',
      target: 2 * H,
      origin: { kind: 'group', ref: 'group:default/payments' },
      value: 4 * H,
      met: false,
    },
    {
      metric: 'changeFailureRate',
      target: 0.1,
      origin: { kind: 'config' },
      value: 0.048,
      met: true,
    },
  ],
  problems: [
    {
      ref: 'component:default/checkout',
      annotation: 'devops-insights.io/goal-time-to-restore',
      value: 'soon',
      message: "'soon' is not a goal for timeToRestore: write a duration",
    },
  ],
};

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

describe('goals on the DORA tab', () => {
  jest.setTimeout(20000);

  it('shows each goal on its tile, met or missed, with where it came from; invalid annotations as a message', async () => {
    const api = mockDevopsInsightsApi({
      getDora: jest.fn().mockResolvedValue(doraResponse({ goals })),
    });
    await renderInTestApp(
      <TestApiProvider apis={[[devopsInsightsApiRef, api]]}>
        <EntityProvider entity={component}>
          <DoraTab />
        </EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    const lead = await screen.findByTestId('goal-leadTimeForChanges');
    expect(lead).toHaveTextContent('Goal ≤ 2 h · missed');
    expect(lead).toHaveAttribute('data-goal-state', 'missed');
    expect(lead).toHaveAttribute('title', 'Goal set by group:default/payments');
    expect(screen.getByTestId('goal-changeFailureRate')).toHaveTextContent(
      'Goal ≤ 10 % · met',
    );
    expect(screen.queryByTestId('goal-deploymentFrequency')).toBeNull();
    expect(screen.getByTestId('goal-problems')).toHaveTextContent(
      "devops-insights.io/goal-time-to-restore: 'soon' is not a goal",
    );
  });
});
