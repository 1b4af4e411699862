/** PagerDuty REST API v2 objects, as the API serves them. */

/** A request the stand-in received. */
export type PagerDutyRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: string;
};

/** A reference to another object: `{id, type: 'xxx_reference', ...}`. */
export type PagerDutyReference = {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url: string | null;
};

export type PagerDutyUser = {
  id: string;
  type: 'user';
  summary: string;
  self: string;
  html_url: string;
  name: string;
  email: string;
  time_zone: string;
  color: string;
  role: string;
  avatar_url: string;
  description: string | null;
  invitation_sent: boolean;
  job_title: string | null;
  teams: PagerDutyReference[];
  contact_methods: PagerDutyReference[];
  notification_rules: PagerDutyReference[];
};

export type PagerDutyEscalationRule = {
  id: string;
  escalation_delay_in_minutes: number;
  targets: PagerDutyReference[];
};

export type PagerDutyEscalationPolicy = {
  id: string;
  type: 'escalation_policy';
  summary: string;
  self: string;
  html_url: string;
  name: string;
  description: string | null;
  num_loops: number;
  on_call_handoff_notifications: string;
  escalation_rules: PagerDutyEscalationRule[];
  services: PagerDutyReference[];
  teams: PagerDutyReference[];
  privilege: null;
};

export type PagerDutyIntegration = {
  id: string;
  type: string;
  summary: string;
  self: string;
  html_url: string;
  name: string;
  service: PagerDutyReference;
  created_at: string;
  vendor: PagerDutyReference | null;
  integration_key: string;
};

export type PagerDutyService = {
  id: string;
  type: 'service';
  summary: string;
  self: string;
  html_url: string;
  name: string;
  description: string | null;
  auto_resolve_timeout: number | null;
  acknowledgement_timeout: number | null;
  created_at: string;
  updated_at: string;
  status: string;
  last_incident_timestamp: string | null;
  alert_creation: string;
  alert_grouping_parameters: Record<string, unknown>;
  auto_pause_notifications_parameters: Record<string, unknown>;
  incident_urgency_rule: Record<string, unknown>;
  support_hours: Record<string, unknown> | null;
  scheduled_actions: unknown[];
  addons: PagerDutyReference[];
  /** A reference, or the whole policy with `include[]=escalation_policies`. */
  escalation_policy: PagerDutyReference | PagerDutyEscalationPolicy;
  /** References, or whole integrations with `include[]=integrations`. */
  integrations: (PagerDutyReference | PagerDutyIntegration)[];
  teams: PagerDutyReference[];
  response_play: null;
};

export type PagerDutyIncidentStatus = 'triggered' | 'acknowledged' | 'resolved';

export type PagerDutyIncident = {
  id: string;
  type: 'incident';
  summary: string;
  self: string;
  html_url: string;
  incident_number: number;
  title: string;
  description: string;
  created_at: string;
  updated_at: string;
  status: PagerDutyIncidentStatus;
  incident_key: string;
  service: PagerDutyReference | PagerDutyService;
  assignments: {
    at: string;
    assignee: PagerDutyReference | PagerDutyUser;
  }[];
  assigned_via: string;
  last_status_change_at: string;
  resolved_at: string | null;
  alert_counts: { all: number; triggered: number; resolved: number };
  is_mergeable: boolean;
  escalation_policy: PagerDutyReference | PagerDutyEscalationPolicy;
  teams: PagerDutyReference[];
  pending_actions: unknown[];
  acknowledgements: unknown[];
  alert_grouping: null;
  last_status_change_by: PagerDutyReference;
  priority: null;
  resolve_reason: null;
  urgency: 'high' | 'low';
};

export type PagerDutyOnCall = {
  user: PagerDutyReference | PagerDutyUser;
  schedule: PagerDutyReference | null;
  escalation_policy: PagerDutyReference | PagerDutyEscalationPolicy;
  escalation_level: number;
  start: string | null;
  end: string | null;
};
