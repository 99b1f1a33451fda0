import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  NotificationSendOptions,
  notificationsProcessingExtensionPoint,
} from '@backstage/plugin-notifications-node';

/** The team the demo's goal nudges are about (the demo data makes it slip). */
export const GUEST_FOLLOWS = 'group:default/back-office';

/** Whom the guest provider signs in when no `userEntityRef` is configured. */
const DEFAULT_GUEST = 'user:development/guest';

/**
 * The notification also addressed to the guest when it is addressed to the
 * team the guest follows; anything else unchanged.
 */
export function withGuestCopy(
  options: NotificationSendOptions,
  guestRef: string,
): NotificationSendOptions {
  const { recipients } = options;
  if (recipients.type !== 'entity') return options;
  const refs = [recipients.entityRef].flat();
  if (!refs.some(ref => ref.toLocaleLowerCase('en-US') === GUEST_FOLLOWS)) {
    return options;
  }
  return {
    ...options,
    recipients: { ...recipients, entityRef: [...refs, guestRef] },
  };
}

/**
 * In the demo (`devopsInsights.demo.enabled`), whoever enters as guest also
 * gets Back Office's notifications, so the bell shows the demo's goal
 * nudges. The guest is not made a member of the team: a member counts
 * towards the team's toil capacity and owns its entities, which would change
 * the demo's figures and what the guest may do.
 */
export default createBackendModule({
  pluginId: 'notifications',
  moduleId: 'demo-guest',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        notifications: notificationsProcessingExtensionPoint,
      },
      async init({ config, notifications }) {
        if (!config.getOptionalBoolean('devopsInsights.demo.enabled')) return;
        const guestRef =
          config.getOptionalString('auth.providers.guest.userEntityRef') ??
          DEFAULT_GUEST;
        notifications.addProcessor({
          getName: () => 'demo-guest',
          processOptions: async options => withGuestCopy(options, guestRef),
        });
      },
    });
  },
});
