import express from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure, requestUrl } from '../http';
import {
  PagerDutyEscalationPolicy,
  PagerDutyIncident,
  PagerDutyIncidentStatus,
  PagerDutyIntegration,
  PagerDutyOnCall,
  PagerDutyReference,
  PagerDutyService,
  PagerDutyUser,
} from './model';

export type {
  PagerDutyEscalationPolicy,
  PagerDutyEscalationRule,
  PagerDutyIncident,
  PagerDutyIncidentStatus,
  PagerDutyIntegration,
  PagerDutyOnCall,
  PagerDutyReference,
  PagerDutyService,
  PagerDutyUser,
} from './model';

export type PagerDutyStandInOptions = {
  port?: number;
  /**
   * REST API keys accepted as `Authorization: Token token=<key>` (or as
   * OAuth bearer tokens); default `['sandbox-pagerduty-token']`.
   */
  tokens?: string[];
  /** Where `html_url` links point; default `https://sandbox.pagerduty.com`. */
  webUrl?: string;
};

export type PagerDutyServiceSeed = {
  /** Default: a new `PXXXXXX` id. */
  id?: string;
  name: string;
  description?: string;
  /** Default `PLATFRM`. */
  escalationPolicyId?: string;
};

export type PagerDutyIncidentSeed = {
  serviceId: string;
  title: string;
  /** Default `triggered`. */
  status?: PagerDutyIncidentStatus;
  /** Default `high`. */
  urgency?: 'high' | 'low';
  /** Default now. */
  createdAt?: Date;
};

export type PagerDutyUserSeed = {
  id?: string;
  name: string;
  email: string;
};

export type PagerDutyEscalationPolicySeed = {
  id?: string;
  name: string;
  description?: string;
  /** One escalation rule per level, each targeting these users. */
  levels: string[][];
};

/** A request the stand-in received. */
export type PagerDutyRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body?: string;
};

type Query = Record<string, string[]>;

type Reply = { status: number; body?: unknown };

type StoredService = {
  id: string;
  name: string;
  description: string | null;
  escalationPolicyId: string;
  createdAt: string;
  updatedAt: string;
  lastIncidentAt: string | null;
  integrationIds: string[];
  extra: {
    auto_resolve_timeout: number | null;
    acknowledgement_timeout: number | null;
    alert_creation: string;
    alert_grouping_parameters: Record<string, unknown>;
    auto_pause_notifications_parameters: Record<string, unknown>;
    incident_urgency_rule: Record<string, unknown>;
    support_hours: Record<string, unknown> | null;
    scheduled_actions: unknown[];
  };
};

type StoredPolicy = {
  id: string;
  name: string;
  description: string | null;
  rules: {
    id: string;
    delay: number;
    targets: { type: 'user' | 'schedule'; id: string }[];
  }[];
};

type StoredSchedule = { id: string; name: string; onCallUserId: string };

type StoredIntegration = {
  id: string;
  serviceId: string;
  name: string;
  type: string;
  vendorId: string | null;
  key: string;
  createdAt: string;
};

type StoredIncident = {
  id: string;
  number: number;
  title: string;
  serviceId: string;
  status: PagerDutyIncidentStatus;
  urgency: 'high' | 'low';
  createdAt: string;
  updatedAt: string;
  key: string;
  assigneeIds: string[];
};

/** PagerDuty's `{"error": {"message", "code", "errors"?}}` bodies. */
const ERRORS: Record<number, { message: string; code: number }> = {
  400: { message: 'Invalid Input Provided', code: 2001 },
  401: { message: 'Authentication failed', code: 2006 },
  403: { message: 'Access Denied', code: 2010 },
  404: { message: 'Not Found', code: 2100 },
  408: { message: 'The request took too long to process', code: 2016 },
  429: { message: 'Rate Limit Exceeded', code: 2020 },
  500: {
    message:
      'An internal error has occurred. PagerDuty team has been notified.',
    code: 2000,
  },
};

const ABILITIES = [
  'teams',
  'read_only_users',
  'team_responders',
  'urgencies',
  'service_support_hours',
  'event_rules',
  'preview_intelligent_alert_grouping',
  'time_based_alert_grouping',
  'change_events',
];

const INCIDENT_STATUSES = new Set(['triggered', 'acknowledged', 'resolved']);

/** PagerDuty's timestamps with `time_zone=UTC`: seconds, `Z`. */
function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorReply(
  status: number,
  errors?: string[],
  message?: string,
): Reply {
  const known = ERRORS[status] ?? {
    message: `HTTP ${status}`,
    code: 2000,
  };
  return {
    status,
    body: {
      error: {
        message: message ?? known.message,
        code: known.code,
        ...(errors ? { errors } : {}),
      },
    },
  };
}

function sendReply(res: express.Response, reply: Reply) {
  res.status(reply.status);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  res.type('application/json; charset=utf-8').send(JSON.stringify(reply.body));
}

/**
 * A stand-in for the PagerDuty REST API v2
 * (https://developer.pagerduty.com/api-reference/), for what PagerDuty's
 * Backstage plugins (`@pagerduty/backstage-plugin-backend` and the
 * scaffolder actions; point their `apiBaseUrl` here) call:
 *
 * - services: list (`query`, `id[]`, `team_ids[]`, `include[]`, classic
 *   `limit`/`offset`/`total`/`more` pagination), get, create (validated:
 *   name, uniqueness, escalation policy), update, delete; a service's
 *   integrations (`POST /services/{id}/integrations`, with an integration
 *   key) and change events;
 * - escalation policies (list, get), on-calls (`escalation_policy_ids[]`,
 *   `schedule_ids[]`, `user_ids[]`, `include[]=users`), incidents
 *   (`service_ids[]`, `statuses[]`, `urgencies[]`, `since`/`until`/
 *   `date_range=all`, `sort_by`, pagination), users, `/abilities`;
 * - `Authorization: Token token=<key>` and PagerDuty's error bodies
 *   (`{"error":{"message","code","errors"}}`).
 *
 * Seeded with the escalation policy `PLATFRM` ("Platform default"): level 1
 * is the schedule `PSCHED1` whose on-call user is Riley Oncall (`PUSER01`),
 * level 2 is Sam Backup (`PUSER02`).
 */
export class PagerDutyStandIn extends FaultInjectingStandIn {
  private readonly userStore = new Map<string, PagerDutyUser>();
  private readonly schedules = new Map<string, StoredSchedule>();
  private readonly policies = new Map<string, StoredPolicy>();
  private readonly serviceStore = new Map<string, StoredService>();
  private readonly integrations = new Map<string, StoredIntegration>();
  private readonly incidentStore = new Map<string, StoredIncident>();
  private nextIncidentNumber = 1;
  /** Every request received, in order. */
  readonly requests: PagerDutyRecordedRequest[] = [];

  private constructor(
    private readonly tokens: string[],
    private readonly webUrl: string,
  ) {
    super();
  }

  static async start(
    options: PagerDutyStandInOptions = {},
  ): Promise<PagerDutyStandIn> {
    const instance = new PagerDutyStandIn(
      options.tokens ?? ['sandbox-pagerduty-token'],
      (options.webUrl ?? 'https://sandbox.pagerduty.com').replace(/\/$/, ''),
    );
    const app = express();
    app.disable('x-powered-by');
    app.use(express.text({ type: () => true, limit: '10mb' }));
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent) {
          const reply = errorReply(500, [String(error)]);
          res.status(reply.status).json(reply.body);
        }
      });
    });
    await instance.listen(app, options.port);
    instance.seedDefaults();
    return instance;
  }

  /** The services, sorted by name, as `GET /services/{id}` shows them. */
  services(): PagerDutyService[] {
    return this.sortedServices().map(s => this.renderService(s, new Set()));
  }

  incidents(): PagerDutyIncident[] {
    return [...this.incidentStore.values()]
      .sort((a, b) => a.number - b.number)
      .map(i => this.renderIncident(i, new Set()));
  }

  escalationPolicies(): PagerDutyEscalationPolicy[] {
    return [...this.policies.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(p => this.renderPolicy(p));
  }

  users(): PagerDutyUser[] {
    return [...this.userStore.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  seedUser(seed: PagerDutyUserSeed): PagerDutyUser {
    const id = seed.id ?? this.newId(this.userStore);
    const emailHash = createHash('md5')
      .update(seed.email.trim().toLowerCase())
      .digest('hex');
    const user: PagerDutyUser = {
      id,
      type: 'user',
      summary: seed.name,
      self: `${this.url}/users/${id}`,
      html_url: `${this.webUrl}/users/${id}`,
      name: seed.name,
      email: seed.email,
      time_zone: 'Etc/UTC',
      color: 'purple',
      role: 'user',
      avatar_url: `https://secure.gravatar.com/avatar/${emailHash}.png?d=mm&r=PG`,
      description: null,
      invitation_sent: false,
      job_title: null,
      teams: [],
      contact_methods: [],
      notification_rules: [],
    };
    this.userStore.set(id, user);
    return user;
  }

  /** An escalation policy whose level N targets the users in `levels[N-1]`. */
  seedEscalationPolicy(
    seed: PagerDutyEscalationPolicySeed,
  ): PagerDutyEscalationPolicy {
    for (const userId of seed.levels.flat()) {
      if (!this.userStore.has(userId)) throw new Error(`no user ${userId}`);
    }
    const policy: StoredPolicy = {
      id: seed.id ?? this.newId(this.policies),
      name: seed.name,
      description: seed.description ?? null,
      rules: seed.levels.map(userIds => ({
        id: this.newId(new Map()),
        delay: 30,
        targets: userIds.map(id => ({ type: 'user' as const, id })),
      })),
    };
    this.policies.set(policy.id, policy);
    return this.renderPolicy(policy);
  }

  seedService(seed: PagerDutyServiceSeed): PagerDutyService {
    const policyId = seed.escalationPolicyId ?? 'PLATFRM';
    if (!this.policies.has(policyId)) {
      throw new Error(`no escalation policy ${policyId}`);
    }
    const service = this.storeService({
      id: seed.id,
      name: seed.name,
      description: seed.description ?? null,
      escalationPolicyId: policyId,
    });
    return this.renderService(service, new Set());
  }

  /**
   * An incident on a service, assigned (unless resolved) to its escalation
   * policy's first-level on-call users.
   */
  seedIncident(seed: PagerDutyIncidentSeed): PagerDutyIncident {
    const service = this.serviceStore.get(seed.serviceId);
    if (!service) throw new Error(`no service ${seed.serviceId}`);
    const status = seed.status ?? 'triggered';
    const createdAt = timestamp(seed.createdAt);
    const incident: StoredIncident = {
      id: this.newId(this.incidentStore, 'Q'),
      number: this.nextIncidentNumber++,
      title: seed.title,
      serviceId: service.id,
      status,
      urgency: seed.urgency ?? 'high',
      createdAt,
      updatedAt: createdAt,
      key: randomBytes(16).toString('hex'),
      assigneeIds:
        status === 'resolved'
          ? []
          : this.onCallUsers(service.escalationPolicyId, 1),
    };
    this.incidentStore.set(incident.id, incident);
    if (!service.lastIncidentAt || service.lastIncidentAt < createdAt) {
      service.lastIncidentAt = createdAt;
    }
    return this.renderIncident(incident, new Set());
  }

  // ---------------------------------------------------------------------
  // Seed data and ids

  private seedDefaults() {
    this.seedUser({
      id: 'PUSER01',
      name: 'Riley Oncall',
      email: 'riley.oncall@example.com',
    });
    this.seedUser({
      id: 'PUSER02',
      name: 'Sam Backup',
      email: 'sam.backup@example.com',
    });
    this.schedules.set('PSCHED1', {
      id: 'PSCHED1',
      name: 'Platform primary rotation',
      onCallUserId: 'PUSER01',
    });
    this.policies.set('PLATFRM', {
      id: 'PLATFRM',
      name: 'Platform default',
      description: 'Pages the platform on-call, then their backup',
      rules: [
        {
          id: 'PRULE01',
          delay: 30,
          targets: [{ type: 'schedule', id: 'PSCHED1' }],
        },
        {
          id: 'PRULE02',
          delay: 30,
          targets: [{ type: 'user', id: 'PUSER02' }],
        },
      ],
    });
  }

  /** `P` and six more uppercase letters or digits, unused in `store`. */
  private newId(store: Map<string, unknown>, prefix = 'P'): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    for (;;) {
      const bytes = randomBytes(7 - prefix.length);
      const id =
        prefix + [...bytes].map(b => alphabet[b % alphabet.length]).join('');
      if (!store.has(id)) return id;
    }
  }

  private storeService(fields: {
    id?: string;
    name: string;
    description: string | null;
    escalationPolicyId: string;
    extra?: Partial<StoredService['extra']>;
  }): StoredService {
    const now = timestamp();
    const service: StoredService = {
      id: fields.id ?? this.newId(this.serviceStore),
      name: fields.name,
      description: fields.description,
      escalationPolicyId: fields.escalationPolicyId,
      createdAt: now,
      updatedAt: now,
      lastIncidentAt: null,
      integrationIds: [],
      extra: {
        auto_resolve_timeout: null,
        acknowledgement_timeout: null,
        alert_creation: 'create_alerts_and_incidents',
        alert_grouping_parameters: { type: null, config: null },
        auto_pause_notifications_parameters: { enabled: false, timeout: null },
        incident_urgency_rule: { type: 'constant', urgency: 'high' },
        support_hours: null,
        scheduled_actions: [],
        ...fields.extra,
      },
    };
    this.serviceStore.set(service.id, service);
    return service;
  }

  private sortedServices(): StoredService[] {
    return [...this.serviceStore.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  /** The users on call at a level (1-based) of a policy, now. */
  private onCallUsers(policyId: string, level: number): string[] {
    const rule = this.policies.get(policyId)?.rules[level - 1];
    if (!rule) return [];
    return rule.targets.flatMap(t => {
      if (t.type === 'user') return [t.id];
      const schedule = this.schedules.get(t.id);
      return schedule ? [schedule.onCallUserId] : [];
    });
  }

  // ---------------------------------------------------------------------
  // Rendering

  private ref(
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
      self: `${this.url}/${path}/${id}`,
      html_url: htmlPath === null ? null : `${this.webUrl}/${htmlPath}/${id}`,
    };
  }

  private userRef(id: string): PagerDutyReference {
    const user = this.userStore.get(id);
    return this.ref('user', id, user?.summary ?? id, 'users', 'users');
  }

  private policyRef(id: string): PagerDutyReference {
    const policy = this.policies.get(id);
    return this.ref(
      'escalation_policy',
      id,
      policy?.name ?? id,
      'escalation_policies',
      'escalation_policies',
    );
  }

  private serviceRef(id: string): PagerDutyReference {
    const service = this.serviceStore.get(id);
    return this.ref(
      'service',
      id,
      service?.name ?? id,
      'services',
      'service-directory',
    );
  }

  private scheduleRef(id: string): PagerDutyReference {
    const schedule = this.schedules.get(id);
    return this.ref(
      'schedule',
      id,
      schedule?.name ?? id,
      'schedules',
      'schedules',
    );
  }

  private renderPolicy(policy: StoredPolicy): PagerDutyEscalationPolicy {
    return {
      id: policy.id,
      type: 'escalation_policy',
      summary: policy.name,
      self: `${this.url}/escalation_policies/${policy.id}`,
      html_url: `${this.webUrl}/escalation_policies/${policy.id}`,
      name: policy.name,
      description: policy.description,
      num_loops: 0,
      on_call_handoff_notifications: 'if_has_services',
      escalation_rules: policy.rules.map(rule => ({
        id: rule.id,
        escalation_delay_in_minutes: rule.delay,
        targets: rule.targets.map(t =>
          t.type === 'user' ? this.userRef(t.id) : this.scheduleRef(t.id),
        ),
      })),
      services: this.sortedServices()
        .filter(s => s.escalationPolicyId === policy.id)
        .map(s => this.serviceRef(s.id)),
      teams: [],
      privilege: null,
    };
  }

  private renderIntegration(
    integration: StoredIntegration,
  ): PagerDutyIntegration {
    return {
      id: integration.id,
      type: integration.type,
      summary: integration.name,
      self: `${this.url}/services/${integration.serviceId}/integrations/${integration.id}`,
      html_url: `${this.webUrl}/services/${integration.serviceId}/integrations/${integration.id}`,
      name: integration.name,
      service: this.serviceRef(integration.serviceId),
      created_at: integration.createdAt,
      vendor: integration.vendorId
        ? this.ref('vendor', integration.vendorId, 'Backstage', 'vendors', null)
        : null,
      integration_key: integration.key,
    };
  }

  private renderService(
    service: StoredService,
    include: Set<string>,
  ): PagerDutyService {
    const policy = this.policies.get(service.escalationPolicyId);
    return {
      id: service.id,
      type: 'service',
      summary: service.name,
      self: `${this.url}/services/${service.id}`,
      html_url: `${this.webUrl}/service-directory/${service.id}`,
      name: service.name,
      description: service.description,
      auto_resolve_timeout: service.extra.auto_resolve_timeout,
      acknowledgement_timeout: service.extra.acknowledgement_timeout,
      created_at: service.createdAt,
      updated_at: service.updatedAt,
      status: this.serviceStatus(service.id),
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
          ? this.renderPolicy(policy)
          : this.policyRef(service.escalationPolicyId),
      integrations: service.integrationIds.map(id => {
        const integration = this.integrations.get(id)!;
        return include.has('integrations')
          ? this.renderIntegration(integration)
          : this.ref(
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
  private serviceStatus(serviceId: string): string {
    const open = [...this.incidentStore.values()].filter(
      i => i.serviceId === serviceId && i.status !== 'resolved',
    );
    if (open.some(i => i.urgency === 'high')) return 'critical';
    if (open.length > 0) return 'warning';
    return 'active';
  }

  private renderIncident(
    incident: StoredIncident,
    include: Set<string>,
  ): PagerDutyIncident {
    const service = this.serviceStore.get(incident.serviceId);
    const policyId = service?.escalationPolicyId ?? '';
    const policy = this.policies.get(policyId);
    return {
      id: incident.id,
      type: 'incident',
      summary: `[#${incident.number}] ${incident.title}`,
      self: `${this.url}/incidents/${incident.id}`,
      html_url: `${this.webUrl}/incidents/${incident.id}`,
      incident_number: incident.number,
      title: incident.title,
      description: incident.title,
      created_at: incident.createdAt,
      updated_at: incident.updatedAt,
      status: incident.status,
      incident_key: incident.key,
      service:
        include.has('services') && service
          ? this.renderService(service, new Set())
          : this.serviceRef(incident.serviceId),
      assignments: incident.assigneeIds.map(id => {
        const user = this.userStore.get(id);
        return {
          at: incident.createdAt,
          assignee: include.has('assignees') && user ? user : this.userRef(id),
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
          ? this.renderPolicy(policy)
          : this.policyRef(policyId),
      teams: [],
      pending_actions: [],
      acknowledgements: [],
      alert_grouping: null,
      last_status_change_by: this.serviceRef(incident.serviceId),
      priority: null,
      resolve_reason: null,
      urgency: incident.urgency,
    };
  }

  // ---------------------------------------------------------------------
  // HTTP

  private async handle(req: express.Request, res: express.Response) {
    const { path, query, loggedQuery } = requestUrl(req);
    const rawBody = typeof req.body === 'string' ? req.body : '';
    this.requests.push({
      method: req.method,
      path,
      query: loggedQuery,
      ...(rawBody ? { body: rawBody } : {}),
    });
    await this.injectedLatency();
    const denied = this.authenticate(req);
    if (!denied && this.answerInjectedFailure(req, res, path)) return;
    sendReply(
      res,
      denied ??
        this.route(req.method, path.replace(/\/+$/, ''), query, rawBody),
    );
  }

  private authenticate(req: express.Request): Reply | undefined {
    const header = req.header('authorization') ?? '';
    const match =
      /^Token\s+token=(.+)$/i.exec(header) ?? /^Bearer\s+(.+)$/i.exec(header);
    if (match && this.tokens.includes(match[1].trim())) return undefined;
    return errorReply(401);
  }

  /** PagerDuty's `{"error": {"message", "code"}}`. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    sendReply(res, errorReply(failure.status, undefined, failure.message));
  }

  private route(
    method: string,
    path: string,
    query: Query,
    rawBody: string,
  ): Reply {
    const segments = path.split('/').filter(s => s !== '');
    const [collection, id, sub, ...rest] = segments;
    if (rest.length > 0) return errorReply(404);
    const include = new Set(list(query, 'include'));
    const ok = (body: unknown): Reply => ({ status: 200, body });

    if (collection === 'abilities' && !id && method === 'GET') {
      return ok({ abilities: ABILITIES });
    }
    if (collection === 'services') {
      if (!id && method === 'GET') return ok(this.listServices(query, include));
      if (!id && method === 'POST') return this.createService(rawBody);
      const service = id ? this.serviceStore.get(id) : undefined;
      if (!service) return errorReply(404);
      if (!sub && method === 'GET') {
        return ok({ service: this.renderService(service, include) });
      }
      if (!sub && method === 'PUT') return this.updateService(service, rawBody);
      if (!sub && method === 'DELETE') {
        this.serviceStore.delete(service.id);
        return { status: 204 };
      }
      if (sub === 'integrations' && method === 'POST') {
        return this.createIntegration(service, rawBody);
      }
      if (sub === 'change_events' && method === 'GET') {
        return ok(page([], query, 'change_events'));
      }
      return errorReply(404);
    }
    if (collection === 'escalation_policies' && method === 'GET') {
      if (!id) return ok(this.listPolicies(query));
      const policy = this.policies.get(id);
      if (!policy || sub) return errorReply(404);
      return ok({ escalation_policy: this.renderPolicy(policy) });
    }
    if (collection === 'oncalls' && !id && method === 'GET') {
      return ok(page(this.onCalls(query, include), query, 'oncalls'));
    }
    if (collection === 'incidents' && method === 'GET') {
      if (!id) return this.listIncidents(query, include);
      const incident = [...this.incidentStore.values()].find(
        i => i.id === id || String(i.number) === id,
      );
      if (!incident || sub) return errorReply(404);
      return ok({ incident: this.renderIncident(incident, include) });
    }
    if (collection === 'users' && method === 'GET') {
      if (!id) {
        const text = (first(query, 'query') ?? '').toLowerCase();
        const users = this.users().filter(
          u =>
            u.name.toLowerCase().includes(text) ||
            u.email.toLowerCase().includes(text),
        );
        return ok(page(users, query, 'users'));
      }
      const user = this.userStore.get(id);
      if (!user || sub) return errorReply(404);
      return ok({ user });
    }
    return errorReply(404);
  }

  private listServices(query: Query, include: Set<string>) {
    const text = (first(query, 'query') ?? '').toLowerCase();
    const ids = list(query, 'id');
    const integrationKey = text.length === 32 ? text : undefined;
    const services = this.sortedServices().filter(
      s =>
        (ids.length === 0 || ids.includes(s.id)) &&
        (s.name.toLowerCase().includes(text) ||
          (integrationKey !== undefined &&
            s.integrationIds.some(
              i => this.integrations.get(i)?.key === integrationKey,
            ))),
    );
    return page(
      services.map(s => this.renderService(s, include)),
      query,
      'services',
    );
  }

  /** The service fields of a create or update body, or its 400 reply. */
  private serviceInput(
    rawBody: string,
    current?: StoredService,
  ): { input: Record<string, unknown>; reply?: Reply } {
    let body: unknown;
    try {
      body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    } catch {
      return { input: {}, reply: errorReply(400, ['Invalid JSON']) };
    }
    const input = isObject(body) && isObject(body.service) ? body.service : {};
    const errors: string[] = [];
    const name =
      typeof input.name === 'string' ? input.name.trim() : current?.name ?? '';
    if (name === '') errors.push("Name can't be blank");
    const taken = [...this.serviceStore.values()].some(
      s => s.id !== current?.id && s.name.toLowerCase() === name.toLowerCase(),
    );
    if (name !== '' && taken) errors.push('Name has already been taken');
    const policy = input.escalation_policy;
    const policyId = isObject(policy) ? policy.id : undefined;
    if (policyId === undefined && !current) {
      errors.push("Escalation policy can't be blank");
    } else if (
      policyId !== undefined &&
      (typeof policyId !== 'string' || !this.policies.has(policyId))
    ) {
      errors.push('Escalation policy not found');
    }
    if (input.status !== undefined && input.status !== 'active' && !current) {
      errors.push('Status must be active when creating a service');
    }
    if (errors.length > 0) return { input, reply: errorReply(400, errors) };
    return { input: { ...input, name } };
  }

  private createService(rawBody: string): Reply {
    const { input, reply } = this.serviceInput(rawBody);
    if (reply) return reply;
    const extra: Partial<StoredService['extra']> = {};
    for (const key of [
      'auto_resolve_timeout',
      'acknowledgement_timeout',
      'alert_creation',
      'alert_grouping_parameters',
      'auto_pause_notifications_parameters',
      'incident_urgency_rule',
      'support_hours',
      'scheduled_actions',
    ] as const) {
      if (input[key] !== undefined) {
        (extra as Record<string, unknown>)[key] = input[key];
      }
    }
    const service = this.storeService({
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
      body: { service: this.renderService(service, new Set()) },
    };
  }

  private updateService(service: StoredService, rawBody: string): Reply {
    const { input, reply } = this.serviceInput(rawBody, service);
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
      body: { service: this.renderService(service, new Set()) },
    };
  }

  private createIntegration(service: StoredService, rawBody: string): Reply {
    let body: unknown;
    try {
      body = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
    } catch {
      return errorReply(400, ['Invalid JSON']);
    }
    const input =
      isObject(body) && isObject(body.integration) ? body.integration : {};
    const vendorId = isObject(input.vendor) ? input.vendor.id : undefined;
    const type =
      typeof input.type === 'string' && input.type !== ''
        ? input.type.replace(/_reference$/, '')
        : undefined;
    if (type === undefined && typeof vendorId !== 'string') {
      return errorReply(400, ['Type cannot be empty.']);
    }
    const integration: StoredIntegration = {
      id: this.newId(this.integrations),
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
    this.integrations.set(integration.id, integration);
    service.integrationIds.push(integration.id);
    return {
      status: 201,
      body: { integration: this.renderIntegration(integration) },
    };
  }

  private listPolicies(query: Query) {
    const text = (first(query, 'query') ?? '').toLowerCase();
    const userIds = list(query, 'user_ids');
    const policies = this.escalationPolicies().filter(
      p =>
        p.name.toLowerCase().includes(text) &&
        (userIds.length === 0 ||
          p.escalation_rules.some(rule =>
            rule.targets.some(
              t =>
                (t.type === 'user_reference' && userIds.includes(t.id)) ||
                (t.type === 'schedule_reference' &&
                  userIds.includes(
                    this.schedules.get(t.id)?.onCallUserId ?? '',
                  )),
            ),
          )),
    );
    return page(policies, query, 'escalation_policies');
  }

  private onCalls(query: Query, include: Set<string>): PagerDutyOnCall[] {
    const policyIds = list(query, 'escalation_policy_ids');
    const scheduleIds = list(query, 'schedule_ids');
    const userIds = list(query, 'user_ids');
    const today = new Date();
    today.setUTCHours(0, 0, 0, 0);
    const start = timestamp(today);
    const end = timestamp(new Date(today.getTime() + 7 * 24 * 3600 * 1000));
    const oncalls: PagerDutyOnCall[] = [];
    for (const policy of [...this.policies.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    )) {
      if (policyIds.length > 0 && !policyIds.includes(policy.id)) continue;
      policy.rules.forEach((rule, index) => {
        for (const target of rule.targets) {
          const schedule =
            target.type === 'schedule'
              ? this.schedules.get(target.id)
              : undefined;
          const userId =
            target.type === 'user' ? target.id : schedule?.onCallUserId;
          if (!userId) continue;
          if (
            scheduleIds.length > 0 &&
            !scheduleIds.includes(schedule?.id ?? '')
          ) {
            continue;
          }
          if (userIds.length > 0 && !userIds.includes(userId)) continue;
          const user = this.userStore.get(userId);
          oncalls.push({
            escalation_policy: include.has('escalation_policies')
              ? this.renderPolicy(policy)
              : this.policyRef(policy.id),
            escalation_level: index + 1,
            schedule: schedule ? this.scheduleRef(schedule.id) : null,
            user: include.has('users') && user ? user : this.userRef(userId),
            start: schedule ? start : null,
            end: schedule ? end : null,
          });
        }
      });
    }
    return oncalls;
  }

  private listIncidents(query: Query, include: Set<string>): Reply {
    const statuses = list(query, 'statuses');
    const invalid = statuses.find(s => !INCIDENT_STATUSES.has(s));
    if (invalid !== undefined) {
      return errorReply(400, [
        `Statuses must be one of triggered, acknowledged, resolved`,
      ]);
    }
    const serviceIds = list(query, 'service_ids');
    const urgencies = list(query, 'urgencies');
    const allDates = first(query, 'date_range') === 'all';
    const since = first(query, 'since');
    const until = first(query, 'until');
    const sinceTime = since
      ? Date.parse(since)
      : Date.now() - 30 * 24 * 3600 * 1000;
    const untilTime = until ? Date.parse(until) : Date.now() + 1000;
    if (Number.isNaN(sinceTime) || Number.isNaN(untilTime)) {
      return errorReply(
        400,
        undefined,
        "Invalid time values in 'since' and/or 'until' parameters",
      );
    }
    const [sortField, sortDirection] = (
      first(query, 'sort_by') ?? 'created_at:asc'
    ).split(':');
    const sign = sortDirection === 'desc' ? -1 : 1;
    const incidents = [...this.incidentStore.values()]
      .filter(i => {
        const created = Date.parse(i.createdAt);
        return (
          (statuses.length === 0 || statuses.includes(i.status)) &&
          (serviceIds.length === 0 || serviceIds.includes(i.serviceId)) &&
          (urgencies.length === 0 || urgencies.includes(i.urgency)) &&
          (allDates || (created >= sinceTime && created < untilTime))
        );
      })
      .sort((a, b) => {
        if (sortField === 'urgency') {
          return sign * a.urgency.localeCompare(b.urgency);
        }
        if (sortField === 'created_at') {
          return (
            sign * a.createdAt.localeCompare(b.createdAt) ||
            sign * (a.number - b.number)
          );
        }
        return sign * (a.number - b.number);
      })
      .map(i => this.renderIncident(i, include));
    return { status: 200, body: page(incidents, query, 'incidents') };
  }
}

function list(query: Query, name: string): string[] {
  return [...(query[`${name}[]`] ?? []), ...(query[name] ?? [])].flatMap(v =>
    v.split(',').filter(s => s !== ''),
  );
}

function first(query: Query, name: string): string | undefined {
  return query[name]?.[0];
}

/** PagerDuty's classic pagination: `limit` (≤ 100, default 25), `offset`, `total=true`. */
function page<T>(items: T[], query: Query, key: string) {
  const requestedLimit = Number.parseInt(first(query, 'limit') ?? '', 10);
  const limit = Number.isNaN(requestedLimit)
    ? 25
    : Math.min(Math.max(requestedLimit, 1), 100);
  const requestedOffset = Number.parseInt(first(query, 'offset') ?? '', 10);
  const offset = Number.isNaN(requestedOffset)
    ? 0
    : Math.max(requestedOffset, 0);
  return {
    [key]: items.slice(offset, offset + limit),
    limit,
    offset,
    total: first(query, 'total') === 'true' ? items.length : null,
    more: offset + limit < items.length,
  };
}
