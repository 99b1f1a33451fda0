/**
 * Test utilities for source modules.
 *
 * @packageDocumentation
 */
export { createFakeSourceContext } from './createFakeSourceContext';
export { startFakeRestApi } from './startFakeRestApi';
export type {
  FakeRestAnswer,
  FakeRestInterceptor,
  FakeRestRouted,
} from './startFakeRestApi';
export { startReplayServer } from './startReplayServer';
export type { ReplayReply } from './startReplayServer';
export { startSourceModule } from './startSourceModule';
