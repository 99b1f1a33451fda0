/**
 * Jenkins Notification plugin (JSON format): every build a ci-run; builds
 * of the jobs named in `options.deploymentJobs` also a deployment, to
 * `options.environment` (default production) unless the build's
 * ENVIRONMENT parameter names one. QUEUED deliveries map to nothing.
 */
export const jenkinsMapping = `(
  $b := build;
  $result := {
    "SUCCESS": "success",
    "UNSTABLE": "failure",
    "FAILURE": "failure",
    "ABORTED": "cancelled",
    "NOT_BUILT": "cancelled"
  };
  $millis := function($t) { $type($t) = "number" ? $t : $toMillis($t) };
  $done := $b.phase in ["COMPLETED", "FINALIZED"];
  $state := $done ? $lookup($result, $b.status) : ($b.phase = "STARTED" ? "in_progress");
  $start := $millis($b.timestamp);
  $finish := $done ? ($b.duration ? $fromMillis($start + $b.duration) : $now());
  $id := name & "#" & $b.number;
  $deploys := $options.deploymentJobs and name in $options.deploymentJobs;
  $state ? [
    {
      "type": "ci-run",
      "source": "jenkins",
      "id": $id,
      "entityRef": name,
      "name": name,
      "attempt": 1,
      "trigger": "automatic",
      "status": $state,
      "startedAt": $fromMillis($start),
      "finishedAt": $finish,
      "url": $b.full_url
    },
    $deploys ? {
      "type": "deployment",
      "source": "jenkins",
      "id": $id,
      "entityRef": name,
      "environment": $b.parameters.ENVIRONMENT
        ? $b.parameters.ENVIRONMENT
        : ($options.environment ? $options.environment : "production"),
      "status": $state,
      "startedAt": $fromMillis($start),
      "finishedAt": $finish,
      "commitSha": $b.scm.commit,
      "url": $b.full_url
    }
  ]
)`;
