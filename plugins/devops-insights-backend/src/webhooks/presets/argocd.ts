/**
 * Argo CD notifications. Argo CD sends whatever body a template renders, so
 * the preset reads the body of the template in docs/webhooks.md (one
 * delivery per sync operation, from the triggers on-sync-running,
 * on-sync-succeeded and on-sync-failed): a deployment per operation, keyed
 * by application and operation start.
 */
export const argocdMapping = `(
  $status := {
    "Running": "in_progress",
    "Succeeded": "success",
    "Failed": "failure",
    "Error": "failure",
    "Terminating": "cancelled"
  };
  $given := function($v) { $v and $v != "<no value>" ? $v };
  $state := $lookup($status, phase);
  $state ? {
    "type": "deployment",
    "source": "argocd",
    "id": app & "@" & startedAt,
    "entityRef": app,
    "environment": $given(environment)
      ? environment
      : ($options.environment ? $options.environment : destinationNamespace),
    "status": $state,
    "startedAt": startedAt,
    "finishedAt": $state != "in_progress" ? finishedAt,
    "commitSha": $given(revision),
    "url": $given(url),
    "trigger": $given(automated) = "true" ? "automatic" : "manual"
  }
)`;
