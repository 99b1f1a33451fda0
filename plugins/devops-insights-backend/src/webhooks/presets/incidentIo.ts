/**
 * incident.io webhooks (incident created, updated, status updated; v2): an
 * incident once it is accepted (status category live, learning or closed);
 * triage, declined, merged and cancelled ones and test or tutorial
 * incidents map to nothing. The entity is the first catalog entry of the
 * custom field `options.serviceField` (default "Affected services"), else
 * `options.entityRef`.
 */
export const incidentIoMapping = `(
  $body := $lookup($, event_type);
  $inc := $body.incident ? $body.incident : $body;
  $stamp := function($names) {
    ($inc.incident_timestamp_values[incident_timestamp.name in $names].value.value)[0]
  };
  $category := $inc.incident_status.category;
  $field := $options.serviceField ? $options.serviceField : "Affected services";
  $service := ($inc.custom_field_entries[custom_field.name = $field].values.value_catalog_entry.name)[0];
  $low := $options.lowUrgencySeverities ? $options.lowUrgencySeverities : ["Minor"];
  $resolved := $stamp(["Resolved at"]);
  $isIncident := $contains(event_type, /incident_(created|updated|status_updated)_v2$/);
  ($isIncident and $category in ["live", "learning", "closed"]
    and $not($inc.mode in ["test", "tutorial"])) ? {
    "type": "incident",
    "source": "incident-io",
    "id": $inc.id,
    "entityRef": $service ? $service : $options.entityRef,
    "title": $inc.reference & " " & $inc.name,
    "urgency": $inc.severity.name in $low ? "low" : "high",
    "createdAt": $inc.created_at,
    "acknowledgedAt": $stamp(["Acknowledged at", "Accepted at"]),
    "resolvedAt": $resolved
      ? $resolved
      : ($category in ["learning", "closed"] ? $inc.updated_at),
    "url": $inc.permalink,
    "postmortemUrl": $inc.postmortem_document_url,
    "updatedAt": $inc.updated_at
  }
)`;
