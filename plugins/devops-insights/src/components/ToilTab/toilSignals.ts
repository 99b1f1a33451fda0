import type { ToilSignalKey } from '@devops-insights/backstage-plugin-common';
import { CATEGORY_COLORS } from '../shared/palette';

export type ToilSignalSpec = {
  key: ToilSignalKey;
  label: string;
  /** What the signal's source names are: alerts (dedup keys), run names, categories. */
  sourceLabel: string;
  definition: string;
  color: string;
};

// In the order the backend classifies an incident: each counts in at most
// one signal. Kept in step with plugins/devops-insights-common/src/metrics/toil.ts.
export const TOIL_SIGNALS: ToilSignalSpec[] = [
  {
    key: 'nonActionablePages',
    label: 'Non-actionable pages',
    sourceLabel: 'Alert',
    definition:
      'Incidents that auto-resolved within 15 minutes without ever being acknowledged; 15 minutes each.',
    color: CATEGORY_COLORS[0],
  },
  {
    key: 'repeatIncidents',
    label: 'Repeat incidents',
    sourceLabel: 'Alert',
    definition:
      'Incidents with an earlier incident of the same entity and alert (the same dedup key, i.e. the key the source groups an alert by, or else the same title) at most 7 days before; ' +
      'acknowledged → resolved, else created → resolved, capped at 4 h.',
    color: CATEGORY_COLORS[1],
  },
  {
    key: 'interruptWork',
    label: 'Interrupt work',
    sourceLabel: 'Alert',
    definition:
      'Other incidents with acknowledged and resolved times; acknowledged → resolved, capped at 4 h.',
    color: CATEGORY_COLORS[2],
  },
  {
    key: 'manualReruns',
    label: 'Manual re-runs',
    sourceLabel: 'CI run',
    definition: 'CI runs with attempt > 1: their duration plus 10 minutes.',
    color: CATEGORY_COLORS[3],
  },
  {
    key: 'manualSteps',
    label: 'Manual steps',
    sourceLabel: 'CI run or deployment',
    definition:
      'First-attempt CI runs triggered by hand, and manual deployments; 15 minutes each.',
    color: CATEGORY_COLORS[4],
  },
  {
    key: 'selfReported',
    label: 'Self-reported',
    sourceLabel: 'Category',
    definition: 'Toil reports whose ISO week starts in the window.',
    color: CATEGORY_COLORS[5],
  },
];

export const SIGNAL_BY_KEY = Object.fromEntries(
  TOIL_SIGNALS.map(spec => [spec.key, spec]),
) as Record<ToilSignalKey, ToilSignalSpec>;
