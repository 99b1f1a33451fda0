/** How long tabs and browsers opened one after the other agree on "now". */
export const SHARED_NOW_MS = 60_000;

/**
 * "Now" for a relative window: the end of the current clock minute, the same
 * for every tab and every browser within it. The DORA, Toil and On-call tabs
 * then ask for the same window, and the client's cache answers the requests
 * they share (e.g. the incident list) once; and every leader opening the
 * leadership page asks for the same rollup, which the backend computes once
 * and serves to all (its answers are keyed by the window). Never before the
 * clock, so an event that just happened is in the window.
 */
export function sharedNow(clock: () => number = Date.now): Date {
  return new Date(Math.ceil(clock() / SHARED_NOW_MS) * SHARED_NOW_MS);
}
