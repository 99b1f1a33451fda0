import { countedFigures } from '@devops-insights/backstage-plugin-common';
import type {
  PerformanceBand,
  RollupMetricKey,
  RollupTeam,
} from '@devops-insights/backstage-plugin-common';
import type { DoraTileSpec } from '../DoraTab/doraTileModel';
import { compareToPrevious } from '../shared/delta';
import { ROLLUP_METRIC_SPECS } from './columns';

const BAND_RANK: Record<PerformanceBand, number> = {
  low: 0,
  medium: 1,
  high: 2,
  elite: 3,
};

export type Mover = {
  team: RollupTeam;
  metric: RollupMetricKey;
  /** Formatted values before and now, e.g. "3 d" → "5 h". */
  from: string;
  to: string;
  fromBand: PerformanceBand | null;
  toBand: PerformanceBand | null;
  /** Bands gained (positive) or lost; 0 when either band is unknown. */
  bandSteps: number;
  /** |change| ÷ |previous|; Infinity from a previous 0. */
  relative: number;
};

export type MetricMovers = { improved: Mover[]; regressed: Mover[] };

function moverOf(team: RollupTeam, spec: DoraTileSpec) {
  // A parent's row repeats its sub-teams, which move on their own.
  const figures = countedFigures(team);
  if (!figures) return undefined;
  const before = spec.value(figures.previous);
  const now = spec.value(figures.dora);
  const change = compareToPrevious(
    now,
    before,
    spec.direction,
    spec.formatDelta,
  );
  if (!change || before === null || now === null) return undefined;
  const fromBand = spec.band?.(figures.previous) ?? null;
  const toBand = spec.band?.(figures.dora) ?? null;
  const bandSteps =
    fromBand && toBand ? BAND_RANK[toBand] - BAND_RANK[fromBand] : 0;
  let relative = Math.abs(now - before) / Math.abs(before);
  if (before === 0) relative = now === 0 ? 0 : Infinity;
  const mover: Mover = {
    team,
    metric: spec.key as RollupMetricKey,
    from: spec.format(before),
    to: spec.format(now),
    fromBand,
    toBand,
    bandSteps,
    relative,
  };
  // A band change decides the side; within a band the judged direction does
  // (a move that rounds away in display is no move at all).
  let side: 'improved' | 'regressed' | undefined;
  if (bandSteps > 0) side = 'improved';
  else if (bandSteps < 0) side = 'regressed';
  else if (change.judgement === 'better') side = 'improved';
  else if (change.judgement === 'worse') side = 'regressed';
  return side ? { side, mover } : undefined;
}

/** Bigger band jump first, then the bigger relative change. */
function byMagnitude(a: Mover, b: Mover): number {
  const steps = Math.abs(b.bandSteps) - Math.abs(a.bandSteps);
  if (steps !== 0) return steps;
  if (a.relative !== b.relative) return b.relative > a.relative ? 1 : -1;
  return a.team.title.localeCompare(b.team.title);
}

/**
 * Per metric, the teams that improved and regressed most against the
 * previous window: by band change first, then by relative change.
 */
export function biggestMovers(
  teams: RollupTeam[],
  limit = 3,
): Record<RollupMetricKey, MetricMovers> {
  const result = {} as Record<RollupMetricKey, MetricMovers>;
  for (const spec of ROLLUP_METRIC_SPECS) {
    const improved: Mover[] = [];
    const regressed: Mover[] = [];
    for (const team of teams) {
      const found = moverOf(team, spec);
      if (found?.side === 'improved') improved.push(found.mover);
      if (found?.side === 'regressed') regressed.push(found.mover);
    }
    result[spec.key as RollupMetricKey] = {
      improved: improved.sort(byMagnitude).slice(0, limit),
      regressed: regressed.sort(byMagnitude).slice(0, limit),
    };
  }
  return result;
}
