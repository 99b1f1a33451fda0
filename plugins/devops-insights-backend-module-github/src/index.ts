/**
 * DevOps Insights source for GitHub: deployments, their changes and Actions
 * runs of the repositories catalog entities name in `github.com/project-slug`,
 * polled incrementally and received through webhooks.
 *
 * @packageDocumentation
 */
export { devopsInsightsModuleGithub as default } from './module';
export {
  ANNOTATION_GITHUB_DEPLOYMENT_WORKFLOW,
  ANNOTATION_GITHUB_PROJECT_SLUG,
} from './targets';
export { ANNOTATION_PRODUCTION_ENVIRONMENTS } from '@devops-insights/backstage-plugin-node';
