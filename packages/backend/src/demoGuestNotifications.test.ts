import { NotificationSendOptions } from '@backstage/plugin-notifications-node';
import { withGuestCopy } from './demoGuestNotifications';

const GUEST = 'user:development/guest';
const payload = { title: 'Deployment frequency of Back Office slipped' };

describe('withGuestCopy', () => {
  it.each<[string, NotificationSendOptions['recipients'], unknown]>([
    [
      'copies a notification to Back Office to the guest',
      { type: 'entity', entityRef: 'group:default/back-office' },
      { type: 'entity', entityRef: ['group:default/back-office', GUEST] },
    ],
    [
      'reads the team among several recipients, whatever its case',
      {
        type: 'entity',
        entityRef: ['user:default/ivan.petrov', 'group:default/Back-Office'],
        excludeEntityRef: 'user:default/julia.moreau',
      },
      {
        type: 'entity',
        entityRef: [
          'user:default/ivan.petrov',
          'group:default/Back-Office',
          GUEST,
        ],
        excludeEntityRef: 'user:default/julia.moreau',
      },
    ],
    [
      'leaves a notification to another team alone',
      { type: 'entity', entityRef: 'group:default/storefront' },
      { type: 'entity', entityRef: 'group:default/storefront' },
    ],
    ['leaves a broadcast alone', { type: 'broadcast' }, { type: 'broadcast' }],
  ])('%s', (_name, recipients, expected) => {
    expect(withGuestCopy({ recipients, payload }, GUEST)).toEqual({
      recipients: expected,
      payload,
    });
  });
});
