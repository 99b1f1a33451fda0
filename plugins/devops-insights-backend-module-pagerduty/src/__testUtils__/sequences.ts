import { PdIncident, PdLogEntry, PdWebhookEvent } from '../types';
import { incident, logEntry, ref } from './fixtures';

/**
 * One incident's documented lifecycle as both sides of PagerDuty tell it:
 * the incident and log entries the REST API returns afterwards, and the v3
 * webhooks sent along the way (payloads shaped like the overview's example).
 */
export type IncidentHistory = {
  incident: PdIncident;
  log: PdLogEntry[];
  webhooks: PdWebhookEvent[];
};

type Step = {
  eventType: string;
  minute: number;
  agent: ReturnType<typeof ref>;
  /** The incident's status once the step happened. */
  status: PdIncident['status'];
  /** The log entry the step leaves (a reopen leaves none the mapping reads). */
  logType?: string;
};

/**
 * triggered (10:00) → acknowledged (10:05) → reassigned (10:15) →
 * acknowledged again by the new assignee (10:20) → resolved (10:30) →
 * reopened (10:40) → resolved by the monitoring service (11:00), on `day`.
 */
export function reopenedIncident(
  id: string,
  serviceId: string,
  day: string,
): IncidentHistory {
  const service = ref('service_reference', serviceId);
  const earline = ref('user_reference', 'PEARL');
  const tim = ref('user_reference', 'PTIM');
  const steps: Step[] = [
    {
      eventType: 'incident.triggered',
      minute: 0,
      agent: service,
      status: 'triggered',
      logType: 'trigger_log_entry',
    },
    {
      eventType: 'incident.acknowledged',
      minute: 5,
      agent: earline,
      status: 'acknowledged',
      logType: 'acknowledge_log_entry',
    },
    {
      eventType: 'incident.reassigned',
      minute: 15,
      agent: earline,
      status: 'triggered',
      logType: 'assign_log_entry',
    },
    {
      eventType: 'incident.acknowledged',
      minute: 20,
      agent: tim,
      status: 'acknowledged',
      logType: 'acknowledge_log_entry',
    },
    {
      eventType: 'incident.resolved',
      minute: 30,
      agent: tim,
      status: 'resolved',
      logType: 'resolve_log_entry',
    },
    {
      eventType: 'incident.reopened',
      minute: 40,
      agent: earline,
      status: 'triggered',
    },
    {
      eventType: 'incident.resolved',
      minute: 60,
      agent: service,
      status: 'resolved',
      logType: 'resolve_log_entry',
    },
  ];
  const at = (minute: number) =>
    new Date(Date.parse(`${day}T10:00:00Z`) + minute * 60000).toISOString();
  const last = steps[steps.length - 1];
  const final = incident(id, serviceId, at(0), {
    status: 'resolved',
    resolved_at: at(last.minute),
    updated_at: at(last.minute),
    last_status_change_at: at(last.minute),
    last_status_change_by: last.agent,
  });
  return {
    incident: final,
    log: steps
      .filter(step => step.logType)
      .map((step, n) =>
        logEntry(`${id}-L${n}`, step.logType!, at(step.minute), {
          agent: step.agent,
        }),
      ),
    webhooks: steps.map((step, n) => ({
      event: {
        id: `01${id}E${n}`,
        event_type: step.eventType,
        resource_type: 'incident',
        occurred_at: at(step.minute),
        agent: step.agent,
        data: {
          id,
          type: 'incident',
          status: step.status,
          title: final.title,
          urgency: final.urgency,
          created_at: final.created_at,
          incident_key: final.incident_key,
          html_url: final.html_url,
          service,
        },
      },
    })),
  };
}
