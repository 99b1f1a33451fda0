import { createApp } from '@backstage/frontend-defaults';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import orgPlugin from '@backstage/plugin-org/alpha';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import devopsInsightsPlugin from '@devops-insights/backstage-plugin/alpha';
import { navModule } from './nav';

/**
 * The demo app. Sign-in comes from the built-in app plugin: its default
 * sign-in page offers the guest provider (enabled in the backend). The
 * sidebar (nav.tsx) lists the pages of the installed plugins (Catalog,
 * DevOps Insights, Settings) and Notifications with its unread count; with
 * signals, which push new ones to the open page, it shows DevOps Insights'
 * goal nudges.
 * The DORA, Toil and On-call tabs and the
 * leadership page arrive with the DevOps Insights plugin alone.
 */
const app = createApp({
  features: [
    catalogPlugin,
    orgPlugin,
    userSettingsPlugin,
    notificationsPlugin,
    signalsPlugin,
    devopsInsightsPlugin,
    navModule,
  ],
});

export default app;
