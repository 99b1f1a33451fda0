import { ResponseErrorPanel } from '@backstage/core-components';
import { ResponseError } from '@backstage/errors';

/**
 * The server's own message for the panel title: ResponseErrorPanel would
 * otherwise show only "Request failed with 400" and hide the reason in the
 * collapsed details.
 */
export function serverMessage(error: Error): string {
  return error instanceof ResponseError ? error.cause.message : error.message;
}

export function MetricsErrorPanel(props: { what: string; error: Error }) {
  return (
    <ResponseErrorPanel
      title={`Could not load ${props.what}: ${serverMessage(props.error)}`}
      error={props.error}
    />
  );
}
