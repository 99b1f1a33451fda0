import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  devopsInsights?: {
    /**
     * The GitLab source. Hosts, API URLs and tokens come from
     * `integrations.gitlab`; without that section the module adds nothing.
     */
    gitlab?: {
      /** When to poll. Default: every 15 minutes, 10 minute timeout, one instance at a time. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How far back the first sync of a project reads. Default: 180 days. */
      backfill?: HumanDuration;
      /**
       * Secret token of the webhooks sent to `/api/devops-insights/v1/webhooks/gitlab`
       * (GitLab's "Secret token", sent as `X-Gitlab-Token`). Without it the
       * webhook endpoint is not offered.
       * @visibility secret
       */
      webhookToken?: string;
    };
  };
}
