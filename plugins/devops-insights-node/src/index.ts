/**
 * Node library for DevOps Insights backend modules: the extension point that
 * adds data sources and the event sink they write to, and the pieces the
 * source modules share (rate-limited HTTP client, incremental sync, catalog
 * discovery, settings, module registration, webhook deliveries) with the
 * host-agnostic half of an SCM source (GitHub, GitLab): its targets, its
 * source factory and its module.
 *
 * @packageDocumentation
 */
export * from './sources';
export * from './http';
export * from './sync';
export * from './catalog';
export * from './settings';
export * from './module';
export * from './scm';
export * from './webhooks';
export * from './shifts';
export * from './tasks';
