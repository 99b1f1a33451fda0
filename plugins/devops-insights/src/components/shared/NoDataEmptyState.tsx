import { ReactNode, useState } from 'react';
import { CodeSnippet, EmptyState } from '@backstage/core-components';
import { discoveryApiRef, useApiHolder } from '@backstage/core-plugin-api';
import Typography from '@material-ui/core/Typography';
import useAsync from 'react-use/esm/useAsync';

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

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/;
const HOUR_MS = 3600 * 1000;

/**
 * The example's times moved together (durations kept) so that the earliest
 * is an hour before `now`: an event sent as shown lands in the default
 * window (and a shift in it is on call now).
 */
export function retimeExample(
  example: Record<string, unknown>,
  now: Date,
): Record<string, unknown> {
  const times = Object.values(example).flatMap(v =>
    typeof v === 'string' && ISO_DATE_TIME.test(v) ? [Date.parse(v)] : [],
  );
  if (times.length === 0) return example;
  const shift = now.getTime() - HOUR_MS - Math.min(...times);
  return Object.fromEntries(
    Object.entries(example).map(([key, v]) => [
      key,
      typeof v === 'string' && ISO_DATE_TIME.test(v)
        ? new Date(Date.parse(v) + shift).toISOString().replace('.000Z', 'Z')
        : v,
    ]),
  );
}

/**
 * What an events call for this entity looks like, ready to paste: to the
 * backend URL the app uses (from discovery), with times around `now`.
 */
export function exampleEventsCurl(
  entityRef: string,
  example: Record<string, unknown>,
  options: { baseUrl: string; now: Date },
): string {
  // entityRef right after type/source/id, where readers look for it.
  const { type, source, id, ...rest } = retimeExample(example, options.now);
  const event = { type, source, id, entityRef, ...rest };
  return [
    `curl -X POST ${options.baseUrl}/v1/events \\`,
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
    example = DEPLOYMENT_EXAMPLE,
  } = props;
  const apis = useApiHolder();
  const [now] = useState(() => new Date());
  const baseUrl = useAsync(async () => {
    try {
      const discovery = apis.get(discoveryApiRef);
      if (discovery) return await discovery.getBaseUrl('devops-insights');
    } catch {
      // Without discovery the example still shows, with a placeholder.
    }
    return '<backend-url>/api/devops-insights';
  }, [apis]);
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
          {baseUrl.value && (
            <CodeSnippet
              language="bash"
              text={exampleEventsCurl(entityRef, example, {
                baseUrl: baseUrl.value,
                now,
              })}
              showCopyCodeButton
            />
          )}
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
