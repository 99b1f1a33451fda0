export * from './annotatedEntities';
export { AnnotatedTargetResolver } from './AnnotatedTargetResolver';
