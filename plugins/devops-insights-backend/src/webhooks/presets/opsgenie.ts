/**
 * Opsgenie outgoing webhook (alert actions Create, Acknowledge, Close): an
 * incident per alert; Acknowledge also a page to the user who acknowledged.
 * Opsgenie sends createdAt in milliseconds and updatedAt in nanoseconds in
 * some payloads: any epoch unit is read by its size.
 */
export const opsgenieMapping = `(
  $a := alert;
  $millis := function($t) {
    $t > 1e15 ? $round($t / 1000000) : ($t > 1e11 ? $t : $t * 1000)
  };
  $created := $millis($a.createdAt);
  $at := $a.updatedAt ? $millis($a.updatedAt) : $toMillis($now());
  $ack := action = "Acknowledge"
    ? $at
    : ($a.report.ackTime ? $created + $a.report.ackTime);
  $closed := action = "Close"
    ? $at
    : ($a.report.closeTime ? $created + $a.report.closeTime);
  $user := $a.username ? "user:default/" & $lowercase($substringBefore($a.username, "@"));
  $entity := $a.entity ? $a.entity : $options.entityRef;
  action in ["Create", "Acknowledge", "UnAcknowledge", "Close"] ? [
    {
      "type": "incident",
      "source": "opsgenie",
      "id": $a.alertId,
      "entityRef": $entity,
      "title": $a.message,
      "urgency": $a.priority in ["P3", "P4", "P5"] ? "low" : "high",
      "createdAt": $fromMillis($created),
      "acknowledgedAt": $ack ? $fromMillis($ack),
      "resolvedAt": $closed ? $fromMillis($closed),
      "dedupKey": $a.alias ? $a.alias,
      "updatedAt": $fromMillis($at)
    },
    action = "Acknowledge" and $user ? {
      "type": "page",
      "source": "opsgenie",
      "id": $a.alertId & ":" & ($a.userId ? $a.userId : $user),
      "entityRef": $entity,
      "userRef": $user,
      "notifiedAt": $fromMillis($created),
      "channel": "other",
      "incidentId": $a.alertId
    }
  ]
)`;
