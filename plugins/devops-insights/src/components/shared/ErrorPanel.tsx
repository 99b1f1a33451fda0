import Button from '@material-ui/core/Button';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { ResponseError } from '@backstage/errors';
import { devopsInsightsMetricsReadPermission } from '@devops-insights/backstage-plugin-common';

/**
 * The server's own message for the panel title: ResponseErrorPanel would
 * otherwise show only "Request failed with 400" and hide the reason in the
 * collapsed details.
 */
export function serverMessage(error: Error): string {
  return error instanceof ResponseError ? error.cause.message : error.message;
}

/**
 * @backstage/errors' marker for a body that is not a Backstage error (a
 * proxy's HTML page, say), whose text it appends to the message.
 */
const NOT_A_BACKSTAGE_ERROR = /^Request failed with status \d+/;

/**
 * What a person should read about a failed metrics request: the permission
 * a 403 lacks, the status of an answer that did not come from the plugin
 * (never its raw body), else the server's message.
 */
export function errorSummary(error: Error): string {
  if (!(error instanceof ResponseError)) return error.message;
  if (error.statusCode === 403) {
    // The server names the permission it checked (metrics.read, or
    // entity.read on the entity); an answer naming none lacks metrics.read.
    const named =
      error.cause.message.match(/devops-insights\.[\w.-]+/)?.[0] ??
      devopsInsightsMetricsReadPermission.name;
    return `You lack the permission ${named}; ask an administrator to grant it.`;
  }
  if (NOT_A_BACKSTAGE_ERROR.test(error.cause.message)) {
    const status = `${error.statusCode} ${error.statusText ?? ''}`.trim();
    return `The server answered ${status}, not DevOps Insights: the backend or a proxy in front of it may be down or restarting.`;
  }
  return error.cause.message;
}

/** A refused request (403): no error, a permission the user lacks. */
const isDenied = (error: Error) =>
  error instanceof ResponseError && error.statusCode === 403;

/**
 * A failed request, what it means and a way to ask again. A denied read is
 * no failure: it says so, calmly, with the permission it needs.
 */
export function MetricsErrorPanel(props: {
  what: string;
  error: Error;
  onRetry(): void;
}) {
  const denied = isDenied(props.error);
  return (
    <Alert
      severity={denied ? 'info' : 'error'}
      data-testid={denied ? 'metrics-denied' : 'metrics-error'}
      action={
        <Button color="inherit" size="small" onClick={props.onRetry}>
          Retry
        </Button>
      }
    >
      <AlertTitle>
        {denied ? 'You may not see' : 'Could not load'} {props.what}
      </AlertTitle>
      {errorSummary(props.error)}
    </Alert>
  );
}
