/** How long tabs opened one after the other agree on "now". */
export const SHARED_NOW_MS = 60_000;

let shared: Date | undefined;

/**
 * "Now" for a relative window, the same for every tab mounted within a
 * minute: the DORA, Toil and On-call tabs then ask for the same window, and
 * the client's cache answers the requests they share (e.g. the incident
 * list) once.
 */
export function sharedNow(clock: () => number = Date.now): Date {
  const now = clock();
  if (
    !shared ||
    now - shared.getTime() >= SHARED_NOW_MS ||
    now < shared.getTime()
  ) {
    shared = new Date(now);
  }
  return shared;
}
