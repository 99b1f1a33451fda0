/**
 * Common types, event schemas, permissions and metric definitions of DevOps Insights.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './api';
export * from './events';
export * from './format';
export * from './ordering';
export * from './permissions';
export * from './metrics';
