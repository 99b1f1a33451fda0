import type { DoraMetrics, RollupTeam } from '../api';

/**
 * What a rollup row counts as in band distributions and movers, so that each
 * team, and each service, is counted once: a team without sub-teams as its
 * row; a parent as the services it owns directly (its sub-teams are counted
 * themselves); a parent that owns nothing directly not at all (null). Its
 * row is then only a summary of its sub-teams.
 * @public
 */
export function countedFigures(
  team: Pick<RollupTeam, 'subTeams' | 'own' | 'dora' | 'previous'>,
): { dora: DoraMetrics; previous: DoraMetrics } | null {
  if (team.subTeams === 0) return { dora: team.dora, previous: team.previous };
  return team.own ? { dora: team.own.dora, previous: team.own.previous } : null;
}
