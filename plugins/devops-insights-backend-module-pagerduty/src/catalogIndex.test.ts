import { Entity } from '@backstage/catalog-model';
import {
  buildCatalogIndex,
  createUserResolver,
  entitiesOfService,
  warnDeprecatedAnnotations,
} from './catalogIndex';
import { mockServices } from '@backstage/backend-test-utils';

const component = (
  name: string,
  annotations: Record<string, string>,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name, annotations },
  spec: {},
});
const user = (
  name: string,
  email?: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, annotations },
  spec: { profile: email ? { email } : {} },
});

const index = buildCatalogIndex(
  [
    component('checkout', { 'pagerduty.com/service-id': 'PSVC1, PSVC2,PSVC3' }),
    component('mail', { 'pagerduty.com/integration-key': 'abc123' }),
    component('eu-app', {
      'pagerduty.com/service-id': 'PSVC1',
      'pagerduty.com/account': 'eu',
    }),
    component('plain', { 'backstage.io/techdocs-ref': 'dir:.' }),
    {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: 'team-a',
        annotations: {
          'devops-insights.io/pagerduty-schedule-id': 'PSCHED1',
          'devops-insights.io/pagerduty-escalation-policy-id': 'PEP1,PEP2',
        },
      },
      spec: { type: 'team', children: [] },
    },
    user('earline', 'Earline.Greenholt@Example.com'),
    user('tim', 'tim@example.com', {
      'devops-insights.io/pagerduty-user-id': 'PT23IWX',
    }),
    user('nomail'),
  ],
  'default',
);

describe('buildCatalogIndex', () => {
  it('reads comma-separated service ids, accounts and team annotations', () => {
    expect(
      index.bindings.map(b => [b.entityRef, b.accountId, b.serviceIds]),
    ).toEqual([
      ['component:default/checkout', 'default', ['PSVC1', 'PSVC2', 'PSVC3']],
      ['component:default/eu-app', 'eu', ['PSVC1']],
      ['component:default/mail', 'default', []],
      ['group:default/team-a', 'default', []],
    ]);
    expect(index.bindings[3]).toMatchObject({
      scheduleIds: ['PSCHED1'],
      policyIds: ['PEP1', 'PEP2'],
    });
  });

  it('maps several services to one entity, per account', () => {
    for (const id of ['PSVC1', 'PSVC2', 'PSVC3']) {
      expect(entitiesOfService(index, 'default', id)).toEqual([
        'component:default/checkout',
      ]);
    }
    expect(entitiesOfService(index, 'eu', 'PSVC1')).toEqual([
      'component:default/eu-app',
    ]);
    expect(entitiesOfService(index, 'default', 'PUNKNOWN')).toEqual([]);
  });

  it('maps an integration key once it is resolved to its service', () => {
    expect(entitiesOfService(index, 'default', 'PMAIL')).toEqual([]);
    expect(
      entitiesOfService(
        index,
        'default',
        'PMAIL',
        new Map([['abc123', 'PMAIL']]),
      ),
    ).toEqual(['component:default/mail']);
  });
});

describe('createUserResolver', () => {
  const resolve = createUserResolver(
    index,
    new Map([
      [
        'PXPGF42',
        {
          id: 'PXPGF42',
          email: 'earline.greenholt@example.com',
          time_zone: 'America/New_York',
        },
      ],
      [
        'PT23IWX',
        {
          id: 'PT23IWX',
          email: 'tim.wright@elsewhere.com',
          time_zone: 'Eastern Time (US & Canada)',
        },
      ],
      ['PNOBODY', { id: 'PNOBODY', email: 'ghost@example.com' }],
    ]),
  );

  it('matches by profile email, case-insensitively, with the time zone', () => {
    expect(resolve('PXPGF42')).toEqual({
      userRef: 'user:default/earline',
      timeZone: 'America/New_York',
    });
  });

  it('prefers the user annotation and drops non-IANA zones', () => {
    expect(resolve('PT23IWX')).toEqual({
      userRef: 'user:default/tim',
      timeZone: undefined,
    });
  });

  it('answers undefined when no catalog user matches', () => {
    expect(resolve('PNOBODY')).toBeUndefined();
    expect(resolve('PUNSEEN')).toBeUndefined();
  });
});

describe('deprecated annotation names', () => {
  const old = buildCatalogIndex(
    [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'team-b',
          annotations: {
            'pagerduty.com/schedule-id': 'PSCHED2',
            'pagerduty.com/escalation-policy-id': 'PEP3',
          },
        },
        spec: { type: 'team', children: [] },
      },
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: {
          name: 'team-c',
          annotations: {
            'devops-insights.io/pagerduty-schedule-id': 'PNEW',
            'pagerduty.com/schedule-id': 'PIGNORED',
          },
        },
        spec: { type: 'team', children: [] },
      },
      user('ann', undefined, { 'pagerduty.com/user-id': 'PANN' }),
    ],
    'default',
  );

  it('still reads pagerduty.com/schedule-id, escalation-policy-id and user-id; the new names win', () => {
    expect(old.bindings).toMatchObject([
      {
        entityRef: 'group:default/team-b',
        scheduleIds: ['PSCHED2'],
        policyIds: ['PEP3'],
      },
      { entityRef: 'group:default/team-c', scheduleIds: ['PNEW'] },
    ]);
    expect(old.usersByPagerDutyId.get('PANN')).toBe('user:default/ann');
    expect(old.deprecatedAnnotations).toEqual([
      {
        entityRef: 'group:default/team-b',
        annotation: 'pagerduty.com/schedule-id',
        replacement: 'devops-insights.io/pagerduty-schedule-id',
      },
      {
        entityRef: 'group:default/team-b',
        annotation: 'pagerduty.com/escalation-policy-id',
        replacement: 'devops-insights.io/pagerduty-escalation-policy-id',
      },
      {
        entityRef: 'user:default/ann',
        annotation: 'pagerduty.com/user-id',
        replacement: 'devops-insights.io/pagerduty-user-id',
      },
    ]);
  });

  it('warns once per entity, however often the index is rebuilt', () => {
    const logger = mockServices.logger.mock();
    const warned = new Set<string>();
    warnDeprecatedAnnotations(old, logger, warned);
    warnDeprecatedAnnotations(old, logger, warned);
    expect(logger.warn.mock.calls).toEqual([
      [
        'group:default/team-b uses deprecated annotation names: pagerduty.com/schedule-id (now devops-insights.io/pagerduty-schedule-id), pagerduty.com/escalation-policy-id (now devops-insights.io/pagerduty-escalation-policy-id); the old names are still read for now',
      ],
      [
        'user:default/ann uses deprecated annotation names: pagerduty.com/user-id (now devops-insights.io/pagerduty-user-id); the old names are still read for now',
      ],
    ]);
  });
});
