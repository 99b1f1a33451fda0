export * from './annotatedEntities';
export { AnnotatedTargetResolver } from './AnnotatedTargetResolver';
export type { CatalogDeps } from './AnnotatedTargetResolver';
