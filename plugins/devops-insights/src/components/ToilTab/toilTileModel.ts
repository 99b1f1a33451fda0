import type {
  ToilResponse,
  ToilStatus,
} from '@devops-insights/backstage-plugin-common';
import type { Tone } from '../shared/palette';

export const TOIL_STATUS: Record<ToilStatus, { label: string; tone: Tone }> = {
  healthy: { label: 'Healthy', tone: 'good' },
  'at-risk': { label: 'At risk', tone: 'warning' },
  'over-cap': { label: 'Over cap', tone: 'bad' },
};

export const TOIL_SHARE_DEFINITION =
  'Toil hours ÷ (members of the owning team(s) × 40 h × window days ÷ 7). ' +
  'Healthy below 25 %, at risk from 25 % to 50 %, over cap above 50 % (Google SRE caps toil at 50 %).';

export const TOIL_HOURS_DEFINITION =
  'Hours of toil in the window over six signals, each incident counted in at most one, checked in order: ' +
  '1 non-actionable page (auto-resolved, never acknowledged, resolved within 15 min; 15 min each), ' +
  '2 repeat incident (an earlier incident of the same entity and dedup key at most 7 days before; ' +
  'acknowledged → resolved, else created → resolved, capped at 4 h), ' +
  '3 interrupt work (every other incident; acknowledged → resolved capped at 4 h, nothing without both times), ' +
  '4 manual re-run (CI runs with attempt > 1: duration + 10 min), ' +
  '5 manual step (first-attempt manually triggered CI runs and manual deployments: 15 min each), ' +
  '6 self-reported (toil reports whose ISO week starts in the window).';

export const TOIL_CAPACITY_DEFINITION =
  'Working time of the owning team(s) in the window: members in the catalog × 40 h × window days ÷ 7.';

/**
 * Toil above the owning team's working time cannot happen: a share over 1
 * means the data is wrong (hours reported beyond what people work, members
 * missing from the catalog), so it is shown as a problem, never as a figure.
 */
export function isOverCapacity(share: number | null): boolean {
  return share !== null && share > 1;
}

/** Shown instead of a share over 100 %. */
export const OVER_CAPACITY_LABEL = 'Over capacity (data problem)';

/** The warning the Toil tab shows over a share above 100 %. */
export function overCapacityWarning(
  toil: ToilResponse,
  formatHours: (hours: number) => string,
): string {
  return (
    `Data problem: ${formatHours(
      toil.totalHours ?? 0,
    )} of toil in this window exceed ` +
    `the owning team's working time of ${formatHours(
      toil.capacityHours ?? 0,
    )}, which toil cannot do, ` +
    'so no share is shown. Check the self-reported hours in the toil reports below and ' +
    "the team's members in the catalog."
  );
}

/**
 * Why capacity (and so the share) is unknown, in words a team lead can act
 * on; undefined when it is known.
 */
export function missingCapacityReason(toil: ToilResponse): string | undefined {
  if (toil.capacityHours !== null) return undefined;
  const teams = toil.scope.owningGroups.length;
  if (teams === 0) return 'no owning team found in the catalog';
  if (toil.scope.members === 0) {
    return teams === 1
      ? 'the owning team has no members in the catalog'
      : 'the owning teams have no members in the catalog';
  }
  return 'the capacity of the owning team is unknown';
}

/** "payments" or "payments, checkout" from group refs, for tile details. */
export function teamNames(groupRefs: string[]): string {
  return groupRefs
    .map(ref => ref.replace(/^group:(default\/)?/, ''))
    .join(', ');
}

/** Total number of toil items over the signals, for the hours tile. */
export function toilItemCount(toil: ToilResponse): number {
  return toil.signals.reduce((sum, signal) => sum + signal.count, 0);
}
