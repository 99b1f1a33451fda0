/**
 * PagerDuty source for DevOps Insights: syncs incidents, pages and on-call
 * shifts into the DevOps Insights database and applies v3 webhooks.
 *
 * @packageDocumentation
 */
export { devopsInsightsModulePagerDuty as default } from './module';
export { PAGERDUTY_ANNOTATIONS } from './catalogIndex';
export { PAGERDUTY_SOURCE_ID } from './mapping';
export { readPagerDutySettings } from './config';
export type {
  PagerDutySettings,
  PagerDutyAccount,
  PagerDutyAuth,
} from './config';
