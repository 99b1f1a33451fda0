import { digestNotificationOf, notificationOf } from './goalNotifications';

describe('notificationOf', () => {
  it('sends the nudge to the team, keyed by its scope, linking to the tab on that week', () => {
    const from = Date.parse('2026-11-23T00:00:00Z');
    const to = Date.parse('2026-11-30T00:00:00Z');
    expect(
      notificationOf({
        key: 'devops-insights:goal:group:default/back-office:toilShare:2026-11-23',
        groupRef: 'group:default/back-office',
        title: 'Back Office',
        metric: 'toilShare',
        reason: 'missed-goal',
        week: { from, to },
        value: 0.3,
        target: 0.2,
      }),
    ).toEqual({
      recipients: { type: 'entity', entityRef: 'group:default/back-office' },
      payload: {
        title:
          'Toil share of Back Office missed its goal after meeting it the week before',
        description:
          'In the week of 2026-11-23 (UTC) toil share missed its goal after meeting it the week before.',
        link: '/catalog/default/group/back-office/toil?from=2026-11-23T00%3A00%3A00.000Z&to=2026-11-30T00%3A00%3A00.000Z',
        severity: 'normal',
        topic: 'devops-insights-goals',
        scope:
          'devops-insights:goal:group:default/back-office:toilShare:2026-11-23',
      },
    });
  });
});

describe('digestNotificationOf', () => {
  it('sends the digest to the team, keyed by its scope, with low severity, linking to the DORA tab on that week', () => {
    const from = Date.parse('2026-11-23T00:00:00Z');
    const to = Date.parse('2026-11-30T00:00:00Z');
    expect(
      digestNotificationOf({
        key: 'devops-insights:digest:group:default/back-office:2026-11-23',
        groupRef: 'group:default/back-office',
        title: 'Back Office',
        week: { from, to },
        goals: [
          {
            metric: 'leadTime',
            target: 86400,
            origin: { kind: 'config' },
            value: 7200,
            met: true,
          },
          {
            metric: 'toilShare',
            target: 0.2,
            origin: { kind: 'group', ref: 'group:default/back-office' },
            value: 0.3,
            met: false,
          },
        ],
        change: {
          metric: 'toilShare',
          before: 0.1,
          after: 0.3,
          relative: 2,
          direction: 'up',
          better: false,
        },
        topToil: { signal: 'selfReported', name: 'release notes', hours: 6 },
      }),
    ).toEqual({
      recipients: { type: 'entity', entityRef: 'group:default/back-office' },
      payload: {
        title: 'Back Office, week of 2026-11-23: 1 of 2 goals met',
        description: [
          'Lead time for changes: 2 h (goal ≤ 1 d), met.',
          'Toil share: 30 % (goal ≤ 20 %), missed.',
          'Biggest change: toil share up from 10 % to 30 % (worse).',
          'Top toil source: release notes (self-reported), 6 h.',
        ].join('\n'),
        link: '/catalog/default/group/back-office/dora?from=2026-11-23T00%3A00%3A00.000Z&to=2026-11-30T00%3A00%3A00.000Z',
        severity: 'low',
        topic: 'devops-insights-digest',
        scope: 'devops-insights:digest:group:default/back-office:2026-11-23',
      },
    });
  });
});
