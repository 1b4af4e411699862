import { randomBytes } from 'node:crypto';
import { errorReply, ok, Reply } from './errors';
import { first, list, page, Query } from './query';
import { renderIntegration, renderService } from './render';
import type { RouteContext } from './router';
import {
  PagerDutyStore,
  StoredIntegration,
  StoredService,
  timestamp,
} from './store';

/*
 * Services: list (`query`, also by integration key, `id[]`), get, create
 * and update (validated: name, uniqueness, escalation policy), delete; a
 * service's integrations (`POST /services/{id}/integrations`, with an
 * integration key) and its (empty) change events.
 */

/** The fields a service's create or update body may set besides its own. */
const EXTRA_FIELDS = [
  'auto_resolve_timeout',
  'acknowledgement_timeout',
  'alert_creation',
  'alert_grouping_parameters',
  'auto_pause_notifications_parameters',
  'incident_urgency_rule',
  'support_hours',
  'scheduled_actions',
] as const;

/** `/services`, `/services/{id}` and `/services/{id}/<sub>`. */
export function serviceRoutes(store: PagerDutyStore, ctx: RouteContext): Reply {
  const { method, id, sub, query, include, rawBody } = ctx;
  if (!id && method === 'GET') return ok(listServices(store, query, include));
  if (!id && method === 'POST') return createService(store, rawBody);
  const service = id ? store.services.get(id) : undefined;
  if (!service) return errorReply(404);
  if (!sub && method === 'GET') {
    return ok({ service: renderService(store, service, include) });
  }
  if (!sub && method === 'PUT') return updateService(store, service, rawBody);
  if (!sub && method === 'DELETE') {
    store.services.delete(service.id);
    return { status: 204 };
  }
  if (sub === 'integrations' && method === 'POST') {
    return createIntegration(store, service, rawBody);
  }
  if (sub === 'change_events' && method === 'GET') {
    return ok(page([], query, 'change_events'));
  }
  return errorReply(404);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The body's `service` or `integration` object, or the 400 reply to a body that is not JSON. */
function parseInput(
  rawBody: string,
  key: 'service' | 'integration',
): { input: Record<string, unknown>; reply?: Reply } {
  let body: unknown;
  try {
    body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
  } catch {
    return { input: {}, reply: errorReply(400, ['Invalid JSON']) };
  }
  const input = isObject(body) ? body[key] : undefined;
  return { input: isObject(input) ? input : {} };
}

function listServices(
  store: PagerDutyStore,
  query: Query,
  include: Set<string>,
) {
  const text = (first(query, 'query') ?? '').toLowerCase();
  const ids = list(query, 'id');
  const integrationKey = text.length === 32 ? text : undefined;
  const services = store
    .sortedServices()
    .filter(
      s =>
        (ids.length === 0 || ids.includes(s.id)) &&
        (s.name.toLowerCase().includes(text) ||
          (integrationKey !== undefined &&
            s.integrationIds.some(
              i => store.integrations.get(i)?.key === integrationKey,
            ))),
    );
  return page(
    services.map(s => renderService(store, s, include)),
    query,
    'services',
  );
}

/** The service fields of a create or update body, or its 400 reply. */
function serviceInput(
  store: PagerDutyStore,
  rawBody: string,
  current?: StoredService,
): { input: Record<string, unknown>; reply?: Reply } {
  const parsed = parseInput(rawBody, 'service');
  if (parsed.reply) return parsed;
  const { input } = parsed;
  const errors: string[] = [];
  const name =
    typeof input.name === 'string' ? input.name.trim() : current?.name ?? '';
  if (name === '') errors.push("Name can't be blank");
  const taken = [...store.services.values()].some(
    s => s.id !== current?.id && s.name.toLowerCase() === name.toLowerCase(),
  );
  if (name !== '' && taken) errors.push('Name has already been taken');
  const policy = input.escalation_policy;
  const policyId = isObject(policy) ? policy.id : undefined;
  if (policyId === undefined && !current) {
    errors.push("Escalation policy can't be blank");
  } else if (
    policyId !== undefined &&
    (typeof policyId !== 'string' || !store.policies.has(policyId))
  ) {
    errors.push('Escalation policy not found');
  }
  if (input.status !== undefined && input.status !== 'active' && !current) {
    errors.push('Status must be active when creating a service');
  }
  if (errors.length > 0) return { input, reply: errorReply(400, errors) };
  return { input: { ...input, name } };
}

function createService(store: PagerDutyStore, rawBody: string): Reply {
  const { input, reply } = serviceInput(store, rawBody);
  if (reply) return reply;
  const extra: Partial<StoredService['extra']> = {};
  for (const key of EXTRA_FIELDS) {
    if (input[key] !== undefined) {
      (extra as Record<string, unknown>)[key] = input[key];
    }
  }
  const service = store.storeService({
    name: String(input.name),
    description:
      typeof input.description === 'string' ? input.description : null,
    escalationPolicyId: String(
      (input.escalation_policy as Record<string, unknown>).id,
    ),
    extra,
  });
  return {
    status: 201,
    body: { service: renderService(store, service, new Set()) },
  };
}

function updateService(
  store: PagerDutyStore,
  service: StoredService,
  rawBody: string,
): Reply {
  const { input, reply } = serviceInput(store, rawBody, service);
  if (reply) return reply;
  service.name = String(input.name);
  if (typeof input.description === 'string') {
    service.description = input.description;
  }
  if (isObject(input.escalation_policy)) {
    service.escalationPolicyId = String(input.escalation_policy.id);
  }
  service.updatedAt = timestamp();
  return {
    status: 200,
    body: { service: renderService(store, service, new Set()) },
  };
}

function createIntegration(
  store: PagerDutyStore,
  service: StoredService,
  rawBody: string,
): Reply {
  const { input, reply } = parseInput(rawBody, 'integration');
  if (reply) return reply;
  const vendorId = isObject(input.vendor) ? input.vendor.id : undefined;
  const type =
    typeof input.type === 'string' && input.type !== ''
      ? input.type.replace(/_reference$/, '')
      : undefined;
  if (type === undefined && typeof vendorId !== 'string') {
    return errorReply(400, ['Type cannot be empty.']);
  }
  const integration: StoredIntegration = {
    id: store.newId(store.integrations),
    serviceId: service.id,
    name:
      typeof input.name === 'string' && input.name !== ''
        ? input.name
        : 'Events API V2',
    type: type ?? 'events_api_v2_inbound_integration',
    vendorId: typeof vendorId === 'string' ? vendorId : null,
    key: randomBytes(16).toString('hex'),
    createdAt: timestamp(),
  };
  store.integrations.set(integration.id, integration);
  service.integrationIds.push(integration.id);
  return {
    status: 201,
    body: { integration: renderIntegration(store, integration) },
  };
}
