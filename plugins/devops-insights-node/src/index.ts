/**
 * Node library for DevOps Insights backend modules: the extension point that
 * adds data sources and the event sink they write to.
 *
 * @packageDocumentation
 */
export * from './sources';
