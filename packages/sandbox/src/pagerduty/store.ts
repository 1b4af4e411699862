import { randomBytes } from 'node:crypto';
import { PagerDutyIncidentStatus, PagerDutyUser } from './model';

/*
 * The PagerDuty stand-in's state: users, schedules, escalation policies,
 * services with their integrations, and incidents, as stored (the API's
 * objects are rendered from them by `render.ts`).
 */

export type StoredService = {
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

export type StoredPolicy = {
  id: string;
  name: string;
  description: string | null;
  rules: {
    id: string;
    delay: number;
    targets: { type: 'user' | 'schedule'; id: string }[];
  }[];
};

export type StoredSchedule = { id: string; name: string; onCallUserId: string };

export type StoredIntegration = {
  id: string;
  serviceId: string;
  name: string;
  type: string;
  vendorId: string | null;
  key: string;
  createdAt: string;
};

export type StoredIncident = {
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

/** How the stand-in behaves (see `PagerDutyStandInOptions`). */
export type PagerDutySettings = {
  tokens: string[];
  /** Where `html_url` links point, without a trailing slash. */
  webUrl: string;
  /** The stand-in's base URL (`self` links), once it listens. */
  apiUrl: () => string;
};

/** PagerDuty's timestamps with `time_zone=UTC`: seconds, `Z`. */
export function timestamp(date = new Date()): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export class PagerDutyStore {
  readonly users = new Map<string, PagerDutyUser>();
  readonly schedules = new Map<string, StoredSchedule>();
  readonly policies = new Map<string, StoredPolicy>();
  readonly services = new Map<string, StoredService>();
  readonly integrations = new Map<string, StoredIntegration>();
  readonly incidents = new Map<string, StoredIncident>();
  nextIncidentNumber = 1;
  readonly tokens: string[];
  readonly webUrl: string;
  private readonly apiUrl: () => string;

  constructor(settings: PagerDutySettings) {
    this.tokens = settings.tokens;
    this.webUrl = settings.webUrl;
    this.apiUrl = settings.apiUrl;
  }

  /** The stand-in's base URL, where `self` links point. */
  get url(): string {
    return this.apiUrl();
  }

  /** `P` and six more uppercase letters or digits, unused in `store`. */
  newId(store: Map<string, unknown>, prefix = 'P'): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
    for (;;) {
      const bytes = randomBytes(7 - prefix.length);
      const id =
        prefix + [...bytes].map(b => alphabet[b % alphabet.length]).join('');
      if (!store.has(id)) return id;
    }
  }

  storeService(fields: {
    id?: string;
    name: string;
    description: string | null;
    escalationPolicyId: string;
    extra?: Partial<StoredService['extra']>;
  }): StoredService {
    const now = timestamp();
    const service: StoredService = {
      id: fields.id ?? this.newId(this.services),
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
    this.services.set(service.id, service);
    return service;
  }

  sortedServices(): StoredService[] {
    return [...this.services.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  sortedPolicies(): StoredPolicy[] {
    return [...this.policies.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  /** The users, sorted by name. */
  sortedUsers(): PagerDutyUser[] {
    return [...this.users.values()].sort((a, b) =>
      a.name.localeCompare(b.name),
    );
  }

  /** The users on call at a level (1-based) of a policy, now. */
  onCallUsers(policyId: string, level: number): string[] {
    const rule = this.policies.get(policyId)?.rules[level - 1];
    if (!rule) return [];
    return rule.targets.flatMap(t => {
      if (t.type === 'user') return [t.id];
      const schedule = this.schedules.get(t.id);
      return schedule ? [schedule.onCallUserId] : [];
    });
  }
}
