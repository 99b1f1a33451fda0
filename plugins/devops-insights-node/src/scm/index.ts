export { createScmSource } from './createScmSource';
export type {
  ScmCredentialsProvider,
  ScmSourceOptions,
} from './createScmSource';
export { configuredHostOr, scmTargetKey } from './scmTarget';
export type { ScmTarget } from './scmTarget';
export { annotatedProduction, isProductionDeployment } from './deploymentInput';
export type { DeploymentInput } from './deploymentInput';
