import { notificationOf } from './goalNotifications';

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
