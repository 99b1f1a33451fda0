import { ReactNode } from 'react';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/** The annotations that let the source modules pull data for an entity. */
export const SOURCE_ANNOTATIONS = [
  'github.com/project-slug',
  'gitlab.com/project-slug',
  'pagerduty.com/service-id',
];

const DEPLOYMENT_EXAMPLE = {
  type: 'deployment',
  source: 'my-ci',
  id: 'build-1',
  environment: 'production',
  status: 'success',
  finishedAt: '2026-01-01T12:00:00Z',
};

/** What an events call for this entity looks like, ready to paste. */
export function exampleEventsCurl(
  entityRef: string,
  example: Record<string, unknown> = DEPLOYMENT_EXAMPLE,
): string {
  // entityRef right after type/source/id, where readers look for it.
  const { type, source, id, ...rest } = example;
  const event = { type, source, id, entityRef, ...rest };
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
export function NoDataEmptyState(props: {
  entityRef: string;
  title?: string;
  /** What was not found, e.g. "no deployments and no incidents". */
  missing?: ReactNode;
  /** One event of the kind the tab needs, without entityRef. */
  example?: Record<string, unknown>;
}) {
  const {
    entityRef,
    title = 'No delivery data for this entity yet',
    missing = 'no deployments and no incidents',
    example,
  } = props;
  return (
    <EmptyState
      missing="data"
      title={title}
      description={
        <>
          DevOps Insights has recorded {missing} for <code>{entityRef}</code>.
          Send them from your CI and incident tooling to the events API, for
          example:
        </>
      }
      action={
        <>
          <CodeSnippet
            language="bash"
            text={exampleEventsCurl(entityRef, example)}
            showCopyCodeButton
          />
          <Typography variant="body2" style={{ marginTop: 8 }}>
            The token is a static access token configured for the backend,
            typically under <code>backend.auth.externalAccess</code>. Events
            name the entity by its ref; metrics of Groups, Systems and Domains
            pool the events of the entities they own or contain.
          </Typography>
          <Typography
            variant="body2"
            style={{ marginTop: 8 }}
            data-testid="source-annotations"
          >
            Or let a configured source pull them: annotate the entity with{' '}
            {SOURCE_ANNOTATIONS.map((annotation, i) => (
              <span key={annotation}>
                {i > 0 && (i === SOURCE_ANNOTATIONS.length - 1 ? ' or ' : ', ')}
                <code>{annotation}</code>
              </span>
            ))}
            .
          </Typography>
        </>
      }
    />
  );
}
