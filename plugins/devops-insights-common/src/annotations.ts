/**
 * Time zone of a catalog User (IANA name, e.g. `Europe/Berlin`): the hour
 * bands of their pages are read in it when a page event carries none.
 * @public
 */
export const ANNOTATION_TIME_ZONE = 'devops-insights.io/time-zone';
