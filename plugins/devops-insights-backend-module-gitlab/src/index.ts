/**
 * DevOps Insights source for GitLab: deployments of production environments
 * with the merge requests they shipped, and pipelines, of the projects
 * catalog entities name in `gitlab.com/project-slug` or `gitlab.com/project-id`,
 * polled incrementally and received through webhooks.
 *
 * @packageDocumentation
 */
export { devopsInsightsModuleGitlab as default } from './module';
export {
  ANNOTATION_GITLAB_INSTANCE,
  ANNOTATION_GITLAB_PROJECT_ID,
  ANNOTATION_GITLAB_PROJECT_SLUG,
} from './targets';
export { ANNOTATION_PRODUCTION_ENVIRONMENTS } from '@devops-insights/backstage-plugin-node';
