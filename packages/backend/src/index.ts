import { createBackend } from '@backstage/backend-defaults';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));

backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));

backend.add(import('@backstage/plugin-catalog-backend'));

backend.add(import('@backstage/plugin-permission-backend'));
// Allows everything; the end-to-end tests' config narrows toil reports to
// entity owners (see permissionPolicy.ts).
backend.add(import('./permissionPolicy'));

backend.add(import('@backstage/plugin-user-settings-backend'));

// The bell: DevOps Insights sends its weekly goal nudges as notifications,
// and signals push them to open browsers.
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// In the demo, the guest also gets Back Office's notifications (the team the
// demo's goal nudges are about).
backend.add(import('./demoGuestNotifications'));

backend.add(import('@devops-insights/backstage-plugin-backend'));
// Each source registers nothing until it is configured (integrations.github,
// integrations.gitlab, pagerDuty), so the demo runs without credentials.
backend.add(import('@devops-insights/backstage-plugin-backend-module-github'));
backend.add(import('@devops-insights/backstage-plugin-backend-module-gitlab'));
backend.add(
  import('@devops-insights/backstage-plugin-backend-module-pagerduty'),
);
// Generates demo data only when devopsInsights.demo.enabled is true.
backend.add(import('@devops-insights/backstage-plugin-backend-module-demo'));

// Tech Insights, with the DevOps Insights figures as facts for checks and
// scorecards; the retriever runs when techInsights.factRetrievers configures it.
backend.add(import('@backstage-community/plugin-tech-insights-backend'));
// Runs the checks of techInsights.factChecker.checks (docs/tech-insights.md).
backend.add(
  import('@backstage-community/plugin-tech-insights-backend-module-jsonfc'),
);
backend.add(
  import('@devops-insights/backstage-plugin-backend-module-tech-insights'),
);

backend.start();
