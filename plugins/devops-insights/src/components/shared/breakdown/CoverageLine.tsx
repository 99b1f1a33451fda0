import Typography from '@material-ui/core/Typography';
import type { CoverageSummary } from '@devops-insights/backstage-plugin-common';
import { coverageLine } from './breakdownModel';

/** "11 of 14 services report deployments · 9 of 14 have an incident source · …" */
export function CoverageLine(props: {
  summary: CoverageSummary;
  noun: string;
}) {
  const { summary, noun } = props;
  const complete =
    summary.deployments === summary.entities &&
    summary.incidents === summary.entities &&
    summary.rotation === summary.entities;
  return (
    <Typography
      variant="body2"
      color={complete ? 'textSecondary' : 'textPrimary'}
      data-testid="coverage-line"
    >
      {coverageLine(summary, noun)}
    </Typography>
  );
}
