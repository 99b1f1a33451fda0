import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** What an events call for this entity looks like, ready to paste. */
export function exampleEventsCurl(entityRef: string): string {
  const event = {
    type: 'deployment',
    source: 'my-ci',
    id: 'build-1',
    entityRef,
    environment: 'production',
    status: 'success',
    finishedAt: '2026-01-01T12:00:00Z',
  };
  return [
    'curl -X POST http://localhost:7007/api/devops-insights/v1/events \\',
    '  -H "Authorization: Bearer $DEVOPS_INSIGHTS_TOKEN" \\',
    "  -H 'Content-Type: application/json' \\",
    `  -d '${JSON.stringify({ events: [event] })}'`,
  ].join('\n');
}

/**
 * Shown instead of metrics when nothing at all was recorded for the scope,
 * so that an unconnected service never looks like one that deploys 0 times.
 */
export function NoDataEmptyState(props: { entityRef: string }) {
  return (
    <EmptyState
      missing="data"
      title="No delivery data for this entity yet"
      description={
        <>
          DevOps Insights has recorded no deployments and no incidents for{' '}
          <code>{props.entityRef}</code>. Send them from your CI and incident
          tooling to the events API, for example:
        </>
      }
      action={
        <>
          <CodeSnippet
            language="bash"
            text={exampleEventsCurl(props.entityRef)}
            showCopyCodeButton
          />
          <Typography variant="body2" style={{ marginTop: 8 }}>
            The token is a static access token configured for the backend,
            typically under <code>backend.auth.externalAccess</code>. Events
            name the entity by its ref; metrics of Groups, Systems and Domains
            pool the events of the entities they own or contain.
          </Typography>
        </>
      }
    />
  );
}
