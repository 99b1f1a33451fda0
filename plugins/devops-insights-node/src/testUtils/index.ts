/**
 * Test utilities for source modules.
 *
 * @packageDocumentation
 */
export { createFakeSourceContext } from './createFakeSourceContext';
export { startReplayServer } from './startReplayServer';
export type { ReplayReply } from './startReplayServer';
export { startSourceModule } from './startSourceModule';
