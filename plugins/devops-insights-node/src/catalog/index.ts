export * from './annotatedEntities';
