import {
  PagerDutyEscalationPolicy,
  PagerDutyIncident,
  PagerDutyIntegration,
  PagerDutyReference,
  PagerDutyService,
} from './model';
import type {
  PagerDutyStore,
  StoredIncident,
  StoredIntegration,
  StoredPolicy,
  StoredService,
} from './store';

/*
 * The API's objects, rendered from the stored state: references
 * (`{id, type: 'xxx_reference', summary, self, html_url}`), and whole
 * objects with what `include[]` asks to embed.
 */

function ref(
  store: PagerDutyStore,
  type: string,
  id: string,
  summary: string,
  path: string,
  htmlPath: string | null,
): PagerDutyReference {
  return {
    id,
    type: `${type}_reference`,
    summary,
    self: `${store.url}/${path}/${id}`,
    html_url: htmlPath === null ? null : `${store.webUrl}/${htmlPath}/${id}`,
  };
}

export function userRef(store: PagerDutyStore, id: string): PagerDutyReference {
  const user = store.users.get(id);
  return ref(store, 'user', id, user?.summary ?? id, 'users', 'users');
}

export function policyRef(
  store: PagerDutyStore,
  id: string,
): PagerDutyReference {
  const policy = store.policies.get(id);
  return ref(
    store,
    'escalation_policy',
    id,
    policy?.name ?? id,
    'escalation_policies',
    'escalation_policies',
  );
}

export function serviceRef(
  store: PagerDutyStore,
  id: string,
): PagerDutyReference {
  const service = store.services.get(id);
  return ref(
    store,
    'service',
    id,
    service?.name ?? id,
    'services',
    'service-directory',
  );
}

export function scheduleRef(
  store: PagerDutyStore,
  id: string,
): PagerDutyReference {
  const schedule = store.schedules.get(id);
  return ref(
    store,
    'schedule',
    id,
    schedule?.name ?? id,
    'schedules',
    'schedules',
  );
}

export function renderPolicy(
  store: PagerDutyStore,
  policy: StoredPolicy,
): PagerDutyEscalationPolicy {
  return {
    id: policy.id,
    type: 'escalation_policy',
    summary: policy.name,
    self: `${store.url}/escalation_policies/${policy.id}`,
    html_url: `${store.webUrl}/escalation_policies/${policy.id}`,
    name: policy.name,
    description: policy.description,
    num_loops: 0,
    on_call_handoff_notifications: 'if_has_services',
    escalation_rules: policy.rules.map(rule => ({
      id: rule.id,
      escalation_delay_in_minutes: rule.delay,
      targets: rule.targets.map(t =>
        t.type === 'user' ? userRef(store, t.id) : scheduleRef(store, t.id),
      ),
    })),
    services: store
      .sortedServices()
      .filter(s => s.escalationPolicyId === policy.id)
      .map(s => serviceRef(store, s.id)),
    teams: [],
    privilege: null,
  };
}

export function renderIntegration(
  store: PagerDutyStore,
  integration: StoredIntegration,
): PagerDutyIntegration {
  return {
    id: integration.id,
    type: integration.type,
    summary: integration.name,
    self: `${store.url}/services/${integration.serviceId}/integrations/${integration.id}`,
    html_url: `${store.webUrl}/services/${integration.serviceId}/integrations/${integration.id}`,
    name: integration.name,
    service: serviceRef(store, integration.serviceId),
    created_at: integration.createdAt,
    vendor: integration.vendorId
      ? ref(store, 'vendor', integration.vendorId, 'Backstage', 'vendors', null)
      : null,
    integration_key: integration.key,
  };
}

export function renderService(
  store: PagerDutyStore,
  service: StoredService,
  include: Set<string>,
): PagerDutyService {
  const policy = store.policies.get(service.escalationPolicyId);
  return {
    id: service.id,
    type: 'service',
    summary: service.name,
    self: `${store.url}/services/${service.id}`,
    html_url: `${store.webUrl}/service-directory/${service.id}`,
    name: service.name,
    description: service.description,
    auto_resolve_timeout: service.extra.auto_resolve_timeout,
    acknowledgement_timeout: service.extra.acknowledgement_timeout,
    created_at: service.createdAt,
    updated_at: service.updatedAt,
    status: serviceStatus(store, service.id),
    last_incident_timestamp: service.lastIncidentAt,
    alert_creation: service.extra.alert_creation,
    alert_grouping_parameters: service.extra.alert_grouping_parameters,
    auto_pause_notifications_parameters:
      service.extra.auto_pause_notifications_parameters,
    incident_urgency_rule: service.extra.incident_urgency_rule,
    support_hours: service.extra.support_hours,
    scheduled_actions: service.extra.scheduled_actions,
    addons: [],
    escalation_policy:
      include.has('escalation_policies') && policy
        ? renderPolicy(store, policy)
        : policyRef(store, service.escalationPolicyId),
    integrations: service.integrationIds.map(id => {
      const integration = store.integrations.get(id)!;
      return include.has('integrations')
        ? renderIntegration(store, integration)
        : ref(
            store,
            `${integration.type}`.replace(/_reference$/, ''),
            id,
            integration.name,
            `services/${service.id}/integrations`,
            `services/${service.id}/integrations`,
          );
    }),
    teams: [],
    response_play: null,
  };
}

/** `critical` with an open high-urgency incident, `warning` with a low one. */
function serviceStatus(store: PagerDutyStore, serviceId: string): string {
  const open = [...store.incidents.values()].filter(
    i => i.serviceId === serviceId && i.status !== 'resolved',
  );
  if (open.some(i => i.urgency === 'high')) return 'critical';
  if (open.length > 0) return 'warning';
  return 'active';
}

export function renderIncident(
  store: PagerDutyStore,
  incident: StoredIncident,
  include: Set<string>,
): PagerDutyIncident {
  const service = store.services.get(incident.serviceId);
  const policyId = service?.escalationPolicyId ?? '';
  const policy = store.policies.get(policyId);
  return {
    id: incident.id,
    type: 'incident',
    summary: `[#${incident.number}] ${incident.title}`,
    self: `${store.url}/incidents/${incident.id}`,
    html_url: `${store.webUrl}/incidents/${incident.id}`,
    incident_number: incident.number,
    title: incident.title,
    description: incident.title,
    created_at: incident.createdAt,
    updated_at: incident.updatedAt,
    status: incident.status,
    incident_key: incident.key,
    service:
      include.has('services') && service
        ? renderService(store, service, new Set())
        : serviceRef(store, incident.serviceId),
    assignments: incident.assigneeIds.map(id => {
      const user = store.users.get(id);
      return {
        at: incident.createdAt,
        assignee: include.has('assignees') && user ? user : userRef(store, id),
      };
    }),
    assigned_via: 'escalation_policy',
    last_status_change_at: incident.updatedAt,
    resolved_at: incident.status === 'resolved' ? incident.updatedAt : null,
    alert_counts: {
      all: 1,
      triggered: incident.status === 'resolved' ? 0 : 1,
      resolved: incident.status === 'resolved' ? 1 : 0,
    },
    is_mergeable: true,
    escalation_policy:
      include.has('escalation_policies') && policy
        ? renderPolicy(store, policy)
        : policyRef(store, policyId),
    teams: [],
    pending_actions: [],
    acknowledgements: [],
    alert_grouping: null,
    last_status_change_by: serviceRef(store, incident.serviceId),
    priority: null,
    resolve_reason: null,
    urgency: incident.urgency,
  };
}
