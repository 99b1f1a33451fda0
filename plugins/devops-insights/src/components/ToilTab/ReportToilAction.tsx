import Button from '@material-ui/core/Button';
import Typography from '@material-ui/core/Typography';
import { usePermission } from '@backstage/plugin-permission-react';
import { devopsInsightsToilReportPermission } from '@devops-insights/backstage-plugin-common';

/**
 * The Toil tab's **Report toil**, offered only when the permission framework
 * says the user may report toil for this entity; otherwise the reason in its
 * place. The server checks the same permission on each report.
 */
export function ReportToilAction(props: {
  entityRef: string;
  onReport(): void;
}) {
  const { loading, allowed } = usePermission({
    permission: devopsInsightsToilReportPermission,
    resourceRef: props.entityRef,
  });
  if (loading) return null;
  if (!allowed) {
    return (
      <Typography
        variant="body2"
        color="textSecondary"
        data-testid="toil-report-denied"
      >
        Reporting toil for this entity needs the permission{' '}
        {devopsInsightsToilReportPermission.name} (usually: membership of its
        owning team).
      </Typography>
    );
  }
  return (
    <Button variant="outlined" color="primary" onClick={props.onReport}>
      Report toil
    </Button>
  );
}
