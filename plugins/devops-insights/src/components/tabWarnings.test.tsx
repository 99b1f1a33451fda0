import { screen } from '@testing-library/react';
import { Entity } from '@backstage/catalog-model';
import {
  mockApis,
  renderInTestApp,
  TestApiProvider,
} from '@backstage/test-utils';
import { permissionApiRef } from '@backstage/plugin-permission-react';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import type {
  DeploymentListItem,
  IncidentListItem,
} from '@devops-insights/backstage-plugin-common';
import { devopsInsightsApiRef } from '../api';
import { doraResponse } from '../__testUtils__/fixtures';
import { mockDevopsInsightsApi } from '../__testUtils__/mockApi';
import { onCallResponse } from '../__testUtils__/onCallFixtures';
import { toilResponse } from '../__testUtils__/toilFixtures';
import { DoraTab } from './DoraTab';
import { OnCallTab } from './OnCallTab';
import { ToilTab } from './ToilTab';

/**
 * The tabs render without React or material-table warnings: columns rebuilt
 * on every render reset the tables' state, rows without ids lose it. The
 * table checks only in development mode, so the test renders in it.
 */

const component: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'checkout', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments' },
};

const deployment = (id: string): DeploymentListItem => ({
  source: 'ci',
  id,
  entityRef: 'component:default/checkout',
  environment: 'production',
  production: true,
  status: 'success',
  trigger: 'automatic',
  startedAt: '2026-05-01T09:50:00.000Z',
  finishedAt: '2026-05-01T10:00:00.000Z',
  commitSha: null,
  url: null,
  changes: 1,
  leadTimeMedianSeconds: 600,
  countsForDora: true,
  failed: false,
  remediates: null,
});

const incident = (id: string): IncidentListItem => ({
  source: 'pd',
  id,
  entityRef: 'component:default/checkout',
  title: `Incident ${id}`,
  urgency: 'high',
  createdAt: '2026-05-01T11:00:00.000Z',
  acknowledgedAt: null,
  resolvedAt: null,
  durationSeconds: null,
  attributedDeployment: null,
  changeRelated: null,
  autoResolved: null,
  dedupKey: null,
  url: null,
  postmortemUrl: null,
});

const page = <T,>(items: T[]) => ({
  items,
  totalCount: items.length,
  limit: 10,
  offset: 0,
});

/**
 * Not ours: the test app's router announces its v7 behaviour changes,
 * material-table's components use defaultProps and MUI 4's ButtonBase
 * findDOMNode (React 18.3 deprecations), and jsdom lays nothing out, so
 * charts measure 0 × 0.
 */
const FOREIGN =
  /React Router Future Flag Warning|Support for defaultProps|findDOMNode is deprecated|width\(0\) and height\(0\) of chart/;

describe('the tabs cause no React warnings', () => {
  // Three whole tabs with charts and tables: slow on a busy machine.
  jest.setTimeout(90000);
  const env = process.env.NODE_ENV;
  let messages: string[];

  beforeEach(() => {
    process.env.NODE_ENV = 'development';
    messages = [];
    const record = (...args: unknown[]) => {
      const text = args.map(String).join(' ');
      if (!FOREIGN.test(text)) messages.push(text.split('\n')[0]);
    };
    jest.spyOn(console, 'error').mockImplementation(record);
    jest.spyOn(console, 'warn').mockImplementation(record);
  });

  afterEach(() => {
    process.env.NODE_ENV = env;
    jest.restoreAllMocks();
  });

  const api = () =>
    mockDevopsInsightsApi({
      getDora: jest.fn().mockResolvedValue(doraResponse()),
      getToil: jest.fn().mockResolvedValue(toilResponse()),
      getOnCall: jest.fn().mockResolvedValue(onCallResponse()),
      listDeployments: jest
        .fn()
        .mockResolvedValue(page([deployment('d1'), deployment('d2')])),
      listIncidents: jest
        .fn()
        .mockResolvedValue(page([incident('i1'), incident('i2')])),
    });

  it.each([
    ['DORA', <DoraTab />, 'Incident i1'],
    ['On-call', <OnCallTab />, 'Incident i1'],
    ['Toil', <ToilTab />, 'Top toil sources'],
  ])('%s', async (_name, tab, shown) => {
    await renderInTestApp(
      <TestApiProvider
        apis={[
          [devopsInsightsApiRef, api()],
          [permissionApiRef, mockApis.permission()],
        ]}
      >
        <EntityProvider entity={component}>{tab}</EntityProvider>
      </TestApiProvider>,
      {
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );
    expect(
      (await screen.findAllByText(shown, {}, { timeout: 30000 })).length,
    ).toBeGreaterThan(0);
    expect(messages).toEqual([]);
  });
});
