/**
 * Test utilities for source modules.
 *
 * @packageDocumentation
 */
export { createFakeSourceContext } from './createFakeSourceContext';
