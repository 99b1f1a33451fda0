import { useCallback, useEffect, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { sharedNow } from './sharedNow';
import {
  resolveWindow,
  ResolvedWindow,
  TimeRange,
  windowParamsOf,
  windowQuery,
  withFixedRange,
  withRelativeWindow,
  withWindowOf,
} from './window';

/**
 * The window last chosen in this browser tab, as search params. Tab links
 * (DORA → Toil → On-call) and catalog links carry no query, so a page whose
 * URL names no window takes this one rather than the default: the window
 * follows the person through the portal.
 */
const STORAGE_KEY = 'devops-insights:window';

function rememberedWindow(): URLSearchParams | null {
  try {
    const stored = globalThis.sessionStorage?.getItem(STORAGE_KEY);
    return stored ? new URLSearchParams(stored) : null;
  } catch {
    return null; // storage disabled: the default window it is
  }
}

function rememberWindow(params: URLSearchParams): void {
  try {
    globalThis.sessionStorage?.setItem(STORAGE_KEY, params.toString());
  } catch {
    // storage disabled or full: the URL still holds the window
  }
}

/** With the URL's window, or the remembered one when the URL names none. */
function effectiveParams(search: string): URLSearchParams {
  const params = new URLSearchParams(search);
  if (windowParamsOf(params).toString()) return params;
  const remembered = rememberedWindow();
  return remembered ? withWindowOf(params, remembered) : params;
}

/**
 * The window of the current URL (or, when it names none, the one last
 * chosen in this browser tab, which is then written into the URL). "Now" is
 * fixed when the tab mounts so that a relative window does not move (and
 * refetch) on every render.
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
  const params = useMemo(() => effectiveParams(search), [search]);
  const resolved = useMemo(() => resolveWindow(params, now), [params, now]);
  useEffect(() => {
    if (params.toString() !== search) {
      // Show the adopted window in the URL, so a copied link holds it.
      setSearchParams(current => withWindowOf(current, params), {
        replace: true,
      });
    } else if (!resolved.problem && windowParamsOf(params).toString()) {
      rememberWindow(windowParamsOf(params));
    }
  }, [params, search, resolved.problem, setSearchParams]);
  const setRelative = useCallback(
    (relative: string) =>
      setSearchParams(current => withRelativeWindow(current, relative)),
    [setSearchParams],
  );
  const setRange = useCallback(
    (range: TimeRange) =>
      setSearchParams(current => withFixedRange(current, range)),
    [setSearchParams],
  );
  return { window: resolved, now, setRelative, setRange };
}

/**
 * "?window=90d" (or "?from=…&to=…") for links to other DevOps Insights
 * pages, so that a drill-down keeps the window; "" for the default.
 */
export function useWindowQuery(): string {
  const [searchParams] = useSearchParams();
  const search = searchParams.toString();
  return useMemo(() => windowQuery(effectiveParams(search)), [search]);
}
