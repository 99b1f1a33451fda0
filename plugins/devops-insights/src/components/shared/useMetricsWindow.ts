import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { sharedNow } from './sharedNow';
import {
  resolveWindow,
  ResolvedWindow,
  TimeRange,
  withFixedRange,
  withRelativeWindow,
} from './window';

/**
 * The window of the current URL. "Now" is fixed when the tab mounts so that
 * a relative window does not move (and refetch) on every render.
 */
export function useMetricsWindow(): {
  window: ResolvedWindow;
  now: Date;
  setRelative(window: string): void;
  setRange(range: TimeRange): void;
} {
  const [searchParams, setSearchParams] = useSearchParams();
  const [now] = useState(() => sharedNow());
  const search = searchParams.toString();
  const resolved = useMemo(
    () => resolveWindow(new URLSearchParams(search), now),
    [search, now],
  );
  const setRelative = useCallback(
    (relative: string) =>
      setSearchParams(params => withRelativeWindow(params, relative)),
    [setSearchParams],
  );
  const setRange = useCallback(
    (range: TimeRange) =>
      setSearchParams(params => withFixedRange(params, range)),
    [setSearchParams],
  );
  return { window: resolved, now, setRelative, setRange };
}
