import '@testing-library/jest-dom';

// recharts' ResponsiveContainer observes its size; jsdom has no ResizeObserver.
class NoopResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(globalThis as any).ResizeObserver ??= NoopResizeObserver;

// The chosen window is remembered per browser tab (useMetricsWindow); each
// test starts as a fresh tab.
afterEach(() => globalThis.sessionStorage?.clear());
