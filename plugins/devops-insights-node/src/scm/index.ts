export { createScmSource } from './createScmSource';
export type {
  ScmCredentialsProvider,
  ScmSourceDeps,
  ScmSourceOptions,
  ScmTargets,
} from './createScmSource';
export { configuredHostOr, scmTargetKey } from './scmTarget';
export type { ScmHosts, ScmTarget } from './scmTarget';
export { annotatedProduction, isProductionDeployment } from './deploymentInput';
export type { DeploymentChange, DeploymentInput } from './deploymentInput';
