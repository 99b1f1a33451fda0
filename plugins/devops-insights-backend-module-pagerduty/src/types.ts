/**
 * The parts of PagerDuty REST API v2 and webhook v3 payloads this module
 * reads (see the OpenAPI description); everything else is ignored.
 */

export type PdReference = {
  id: string;
  type?: string;
  summary?: string;
  html_url?: string;
};

export type PdIncident = {
  id: string;
  title?: string;
  summary?: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency?: 'high' | 'low';
  created_at: string;
  resolved_at?: string | null;
  /** When the incident was last modified. */
  updated_at?: string;
  last_status_change_at?: string;
  last_status_change_by?: PdReference | null;
  incident_key?: string | null;
  html_url?: string;
  service: PdReference;
  escalation_policy?: PdReference;
};

export type PdLogEntry = {
  id: string;
  type: string;
  created_at: string;
  agent?: PdReference | null;
  user?: PdReference;
  channel?: {
    type?: string;
    notification?: { type?: string; started_at?: string };
    incident_key?: string;
  };
  incident?: PdReference;
  service?: PdReference;
};

export type PdUser = {
  id: string;
  email?: string;
  time_zone?: string;
};

export type PdOncall = {
  user: PdReference;
  escalation_policy: PdReference;
  schedule?: PdReference | null;
  escalation_level: number;
  start: string | null;
  end: string | null;
};

export type PdService = {
  id: string;
  escalation_policy?: PdReference;
  integrations?: Array<PdReference & { integration_key?: string }>;
};

export type PdWebhookEvent = {
  event: {
    id: string;
    event_type: string;
    resource_type: string;
    occurred_at: string;
    agent?: PdReference | null;
    data: {
      id: string;
      type?: string;
      status?: 'triggered' | 'acknowledged' | 'resolved';
      title?: string;
      urgency?: 'high' | 'low';
      created_at?: string;
      incident_key?: string | null;
      html_url?: string;
      service?: PdReference;
    };
  };
};
