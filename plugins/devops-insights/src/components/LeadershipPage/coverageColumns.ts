import type {
  CoverageNeed,
  CoverageSummary,
  TeamsCoverageResponse,
} from '@devops-insights/backstage-plugin-common';
import { NO_DATA } from '../shared/format';
import { RollupColumn } from './columns';

const COVERAGE: Array<{ need: CoverageNeed; title: string; what: string }> = [
  {
    need: 'deployments',
    title: 'Deploy sources',
    what: 'report deployments',
  },
  {
    need: 'incidents',
    title: 'Incident sources',
    what: 'have an incident source',
  },
  {
    need: 'rotation',
    title: 'On-call rotation',
    what: 'are covered by an on-call rotation (a shift of their own or of their owners, current or ended in the last 14 days)',
  },
];

/** "11 of 14"; no services: no data. */
export function coverageRatioText(
  summary: CoverageSummary | undefined,
  need: CoverageNeed,
): string {
  if (!summary || summary.entities === 0) return NO_DATA;
  return `${summary[need]} of ${summary.entities}`;
}

/**
 * The three coverage ratios of each team as rollup columns, so a leader
 * sees where a team's figures are thin before trusting them.
 */
export function coverageColumns(
  coverage: TeamsCoverageResponse,
): RollupColumn[] {
  const byTeam = new Map(coverage.teams.map(t => [t.groupRef, t.summary]));
  return COVERAGE.map(({ need, title, what }) => ({
    id: `coverage-${need}`,
    title,
    kind: 'number',
    text: team => coverageRatioText(byTeam.get(team.groupRef), need),
    sortValue: team => {
      const summary = byTeam.get(team.groupRef);
      return summary && summary.entities > 0
        ? summary[need] / summary.entities
        : null;
    },
    description: `How many of the team's services ${what}. The team's figures only see those.`,
  }));
}
