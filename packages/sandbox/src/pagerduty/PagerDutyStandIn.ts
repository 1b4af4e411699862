import express from 'express';
import { createHash, randomBytes } from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import { errorReply, sendReply } from './errors';
import { escalationPolicies } from './escalationPolicies';
import {
  PagerDutyEscalationPolicy,
  PagerDutyIncident,
  PagerDutyIncidentStatus,
  PagerDutyRecordedRequest,
  PagerDutyService,
  PagerDutyUser,
} from './model';
import { renderIncident, renderPolicy, renderService } from './render';
import { pagerDutyApp } from './router';
import {
  PagerDutyStore,
  StoredIncident,
  StoredPolicy,
  timestamp,
} from './store';

export type {
  PagerDutyEscalationPolicy,
  PagerDutyEscalationRule,
  PagerDutyIncident,
  PagerDutyIncidentStatus,
  PagerDutyIntegration,
  PagerDutyOnCall,
  PagerDutyRecordedRequest,
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
 *
 * Where it lives: `router.ts` (authentication, dispatch to a collection,
 * `/abilities`), `services.ts` (with integrations and change events),
 * `escalationPolicies.ts`, `oncalls.ts`, `incidents.ts`, `users.ts`,
 * `render.ts` (the API's objects and references), `store.ts` (state),
 * `query.ts` (list parameters, pagination), `errors.ts` (replies, error
 * bodies), `model.ts` (the API's objects' types).
 */
export class PagerDutyStandIn extends FaultInjectingStandIn {
  private readonly store: PagerDutyStore;
  /** Every request received, in order. */
  readonly requests: PagerDutyRecordedRequest[] = [];

  private constructor(options: PagerDutyStandInOptions) {
    super();
    this.store = new PagerDutyStore({
      tokens: options.tokens ?? ['sandbox-pagerduty-token'],
      webUrl: (options.webUrl ?? 'https://sandbox.pagerduty.com').replace(
        /\/$/,
        '',
      ),
      apiUrl: () => this.url,
    });
  }

  static async start(
    options: PagerDutyStandInOptions = {},
  ): Promise<PagerDutyStandIn> {
    const instance = new PagerDutyStandIn(options);
    await instance.listen(
      pagerDutyApp({
        store: instance.store,
        record: request => instance.requests.push(request),
        faults: instance.injectedFaults(),
      }),
      options.port,
    );
    instance.seedDefaults();
    return instance;
  }

  /** The services, sorted by name, as `GET /services/{id}` shows them. */
  services(): PagerDutyService[] {
    return this.store
      .sortedServices()
      .map(s => renderService(this.store, s, new Set()));
  }

  incidents(): PagerDutyIncident[] {
    return [...this.store.incidents.values()]
      .sort((a, b) => a.number - b.number)
      .map(i => renderIncident(this.store, i, new Set()));
  }

  escalationPolicies(): PagerDutyEscalationPolicy[] {
    return escalationPolicies(this.store);
  }

  users(): PagerDutyUser[] {
    return this.store.sortedUsers();
  }

  seedUser(seed: PagerDutyUserSeed): PagerDutyUser {
    const id = seed.id ?? this.store.newId(this.store.users);
    const emailHash = createHash('md5')
      .update(seed.email.trim().toLowerCase())
      .digest('hex');
    const user: PagerDutyUser = {
      id,
      type: 'user',
      summary: seed.name,
      self: `${this.url}/users/${id}`,
      html_url: `${this.store.webUrl}/users/${id}`,
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
    this.store.users.set(id, user);
    return user;
  }

  /** An escalation policy whose level N targets the users in `levels[N-1]`. */
  seedEscalationPolicy(
    seed: PagerDutyEscalationPolicySeed,
  ): PagerDutyEscalationPolicy {
    for (const userId of seed.levels.flat()) {
      if (!this.store.users.has(userId)) throw new Error(`no user ${userId}`);
    }
    const policy: StoredPolicy = {
      id: seed.id ?? this.store.newId(this.store.policies),
      name: seed.name,
      description: seed.description ?? null,
      rules: seed.levels.map(userIds => ({
        id: this.store.newId(new Map()),
        delay: 30,
        targets: userIds.map(id => ({ type: 'user' as const, id })),
      })),
    };
    this.store.policies.set(policy.id, policy);
    return renderPolicy(this.store, policy);
  }

  seedService(seed: PagerDutyServiceSeed): PagerDutyService {
    const policyId = seed.escalationPolicyId ?? 'PLATFRM';
    if (!this.store.policies.has(policyId)) {
      throw new Error(`no escalation policy ${policyId}`);
    }
    const service = this.store.storeService({
      id: seed.id,
      name: seed.name,
      description: seed.description ?? null,
      escalationPolicyId: policyId,
    });
    return renderService(this.store, service, new Set());
  }

  /**
   * An incident on a service, assigned (unless resolved) to its escalation
   * policy's first-level on-call users.
   */
  seedIncident(seed: PagerDutyIncidentSeed): PagerDutyIncident {
    const service = this.store.services.get(seed.serviceId);
    if (!service) throw new Error(`no service ${seed.serviceId}`);
    const status = seed.status ?? 'triggered';
    const createdAt = timestamp(seed.createdAt);
    const incident: StoredIncident = {
      id: this.store.newId(this.store.incidents, 'Q'),
      number: this.store.nextIncidentNumber++,
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
          : this.store.onCallUsers(service.escalationPolicyId, 1),
    };
    this.store.incidents.set(incident.id, incident);
    if (!service.lastIncidentAt || service.lastIncidentAt < createdAt) {
      service.lastIncidentAt = createdAt;
    }
    return renderIncident(this.store, incident, new Set());
  }

  /** PagerDuty's `{"error": {"message", "code"}}`. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    sendReply(res, errorReply(failure.status, undefined, failure.message));
  }

  /** Riley Oncall and Sam Backup, the schedule `PSCHED1` and the policy `PLATFRM`. */
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
    this.store.schedules.set('PSCHED1', {
      id: 'PSCHED1',
      name: 'Platform primary rotation',
      onCallUserId: 'PUSER01',
    });
    this.store.policies.set('PLATFRM', {
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
}
