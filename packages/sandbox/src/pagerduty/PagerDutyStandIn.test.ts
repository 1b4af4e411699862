import { PagerDutyStandIn } from './PagerDutyStandIn';

type Call = {
  method?: string;
  body?: unknown;
  authorization?: string | null;
};

describe('PagerDutyStandIn', () => {
  let pd: PagerDutyStandIn;

  beforeEach(async () => {
    pd = await PagerDutyStandIn.start();
  });

  afterEach(async () => {
    await pd.close();
  });

  async function call(path: string, options: Call = {}) {
    const authorization =
      options.authorization === undefined
        ? 'Token token=sandbox-pagerduty-token'
        : options.authorization;
    const response = await fetch(`${pd.url}${path}`, {
      method: options.method ?? 'GET',
      headers: {
        accept: 'application/vnd.pagerduty+json;version=2',
        ...(authorization === null ? {} : { authorization }),
        ...(options.body === undefined
          ? {}
          : { 'content-type': 'application/json' }),
      },
      body:
        options.body === undefined ? undefined : JSON.stringify(options.body),
    });
    const text = await response.text();
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      body: text === '' ? undefined : JSON.parse(text),
    };
  }

  /** The body @pagerduty/backstage-plugin-scaffolder-actions posts. */
  const createBody = (name: string, escalationPolicyId = 'PLATFRM') => ({
    service: {
      type: 'service',
      name,
      description: `${name} service`,
      alert_creation: 'create_alerts_and_incidents',
      auto_pause_notifications_parameters: { enabled: true, timeout: 300 },
      escalation_policy: {
        id: escalationPolicyId,
        type: 'escalation_policy_reference',
      },
    },
  });

  describe('authentication', () => {
    it('answers 401 without a valid API key', async () => {
      const missing = await call('/services', { authorization: null });
      expect(missing.status).toBe(401);
      expect(missing.body).toEqual({
        error: { message: 'Authentication failed', code: 2006 },
      });
      const wrong = await call('/services', {
        authorization: 'Token token=wrong',
      });
      expect(wrong.status).toBe(401);
      const bearer = await call('/services', {
        authorization: 'Bearer sandbox-pagerduty-token',
      });
      expect(bearer.status).toBe(200);
    });

    it('accepts configured tokens', async () => {
      await pd.close();
      pd = await PagerDutyStandIn.start({ tokens: ['other'] });
      expect(
        (await call('/abilities', { authorization: 'Token token=other' }))
          .status,
      ).toBe(200);
      expect((await call('/abilities')).status).toBe(401);
    });
  });

  describe('services', () => {
    it('creates a service and serves it', async () => {
      const created = await call('/services', {
        method: 'POST',
        body: createBody('Payments API'),
      });
      expect(created.status).toBe(201);
      expect(created.contentType).toBe('application/json; charset=utf-8');
      const service = created.body.service;
      expect(service.id).toMatch(/^P[A-Z0-9]{6}$/);
      expect(service).toMatchObject({
        type: 'service',
        name: 'Payments API',
        summary: 'Payments API',
        description: 'Payments API service',
        status: 'active',
        self: `${pd.url}/services/${service.id}`,
        html_url: `https://sandbox.pagerduty.com/service-directory/${service.id}`,
        alert_creation: 'create_alerts_and_incidents',
        auto_pause_notifications_parameters: { enabled: true, timeout: 300 },
        incident_urgency_rule: { type: 'constant', urgency: 'high' },
        integrations: [],
        escalation_policy: {
          id: 'PLATFRM',
          type: 'escalation_policy_reference',
          summary: 'Platform default',
          self: `${pd.url}/escalation_policies/PLATFRM`,
          html_url: 'https://sandbox.pagerduty.com/escalation_policies/PLATFRM',
        },
      });
      expect(service.created_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

      const got = await call(`/services/${service.id}`);
      expect(got.status).toBe(200);
      expect(got.body.service).toEqual(service);
      const included = await call(
        `/services/${service.id}?include[]=escalation_policies`,
      );
      expect(included.body.service.escalation_policy).toMatchObject({
        type: 'escalation_policy',
        name: 'Platform default',
        escalation_rules: [
          { targets: [{ id: 'PSCHED1', type: 'schedule_reference' }] },
          { targets: [{ id: 'PUSER02', type: 'user_reference' }] },
        ],
      });
      expect(pd.services().map(s => s.name)).toEqual(['Payments API']);
    });

    it('refuses a taken name, a missing name and a bad escalation policy', async () => {
      pd.seedService({ name: 'Payments API' });
      const taken = await call('/services', {
        method: 'POST',
        body: createBody('payments api'),
      });
      expect(taken.status).toBe(400);
      expect(taken.body).toEqual({
        error: {
          message: 'Invalid Input Provided',
          code: 2001,
          errors: ['Name has already been taken'],
        },
      });
      const blank = await call('/services', {
        method: 'POST',
        body: { service: { name: ' ' } },
      });
      expect(blank.status).toBe(400);
      expect(blank.body.error.errors).toEqual([
        "Name can't be blank",
        "Escalation policy can't be blank",
      ]);
      const unknownPolicy = await call('/services', {
        method: 'POST',
        body: createBody('Billing', 'PNOPE00'),
      });
      expect(unknownPolicy.status).toBe(400);
      expect(unknownPolicy.body.error.errors).toEqual([
        'Escalation policy not found',
      ]);
      const notJson = await fetch(`${pd.url}/services`, {
        method: 'POST',
        headers: {
          authorization: 'Token token=sandbox-pagerduty-token',
          'content-type': 'application/json',
        },
        body: '{',
      });
      expect(notJson.status).toBe(400);
      expect(pd.services()).toHaveLength(1);
    });

    it('answers a missing service with 404', async () => {
      const missing = await call('/services/PNOPE00');
      expect(missing.status).toBe(404);
      expect(missing.body).toEqual({
        error: { message: 'Not Found', code: 2100 },
      });
    });

    it('lists services with query, id[] and classic pagination', async () => {
      for (const name of ['Alpha', 'Beta', 'Gamma', 'Delta', 'Alphabet']) {
        pd.seedService({ name });
      }
      const first = await call('/services?limit=2&total=true');
      expect(first.body).toMatchObject({
        limit: 2,
        offset: 0,
        total: 5,
        more: true,
      });
      expect(first.body.services.map((s: any) => s.name)).toEqual([
        'Alpha',
        'Alphabet',
      ]);
      const last = await call('/services?limit=2&offset=4');
      expect(last.body).toMatchObject({
        limit: 2,
        offset: 4,
        total: null,
        more: false,
      });
      expect(last.body.services.map((s: any) => s.name)).toEqual(['Gamma']);
      const query = await call('/services?query=alph');
      expect(query.body.services.map((s: any) => s.name)).toEqual([
        'Alpha',
        'Alphabet',
      ]);
      const beta = pd.services().find(s => s.name === 'Beta')!;
      const byId = await call(`/services?id[]=${beta.id}`);
      expect(byId.body.services.map((s: any) => s.id)).toEqual([beta.id]);
      const defaults = await call('/services');
      expect(defaults.body.limit).toBe(25);
    });

    it('updates and deletes a service', async () => {
      const service = pd.seedService({ name: 'Payments' });
      const updated = await call(`/services/${service.id}`, {
        method: 'PUT',
        body: { service: { description: 'Takes money' } },
      });
      expect(updated.status).toBe(200);
      expect(updated.body.service).toMatchObject({
        name: 'Payments',
        description: 'Takes money',
      });
      const deleted = await call(`/services/${service.id}`, {
        method: 'DELETE',
      });
      expect(deleted).toMatchObject({ status: 204, body: undefined });
      expect((await call(`/services/${service.id}`)).status).toBe(404);
    });

    it('adds an integration with an integration key', async () => {
      const service = pd.seedService({ name: 'Payments' });
      const created = await call(`/services/${service.id}/integrations`, {
        method: 'POST',
        body: {
          integration: {
            name: 'Backstage',
            service: { id: service.id, type: 'service_reference' },
            vendor: { id: 'PRO19CT', type: 'vendor_reference' },
          },
        },
      });
      expect(created.status).toBe(201);
      expect(created.body.integration).toMatchObject({
        name: 'Backstage',
        type: 'events_api_v2_inbound_integration',
        vendor: { id: 'PRO19CT', type: 'vendor_reference' },
        service: { id: service.id, type: 'service_reference' },
      });
      expect(created.body.integration.integration_key).toMatch(
        /^[0-9a-f]{32}$/,
      );
      const got = await call(`/services/${service.id}?include[]=integrations`);
      expect(got.body.service.integrations[0].integration_key).toBe(
        created.body.integration.integration_key,
      );
      const byKey = await call(
        `/services?query=${created.body.integration.integration_key}`,
      );
      expect(byKey.body.services.map((s: any) => s.id)).toEqual([service.id]);
      const plain = await call(`/services/${service.id}`);
      expect(plain.body.service.integrations[0].type).toBe(
        'events_api_v2_inbound_integration_reference',
      );
    });

    it('serves abilities and (empty) change events', async () => {
      const abilities = await call('/abilities');
      expect(abilities.body.abilities).toEqual(
        expect.arrayContaining([
          'preview_intelligent_alert_grouping',
          'time_based_alert_grouping',
        ]),
      );
      const service = pd.seedService({ name: 'Payments' });
      const changes = await call(`/services/${service.id}/change_events`);
      expect(changes.body).toEqual({
        change_events: [],
        limit: 25,
        offset: 0,
        total: null,
        more: false,
      });
    });
  });

  describe('escalation policies, on-calls and users', () => {
    it('lists the seeded escalation policy', async () => {
      const policies = await call(
        '/escalation_policies?total=true&sort_by=name&offset=0&limit=50',
      );
      expect(policies.body).toMatchObject({
        limit: 50,
        offset: 0,
        total: 1,
        more: false,
      });
      expect(policies.body.escalation_policies[0]).toMatchObject({
        id: 'PLATFRM',
        type: 'escalation_policy',
        name: 'Platform default',
        summary: 'Platform default',
      });
      const one = await call('/escalation_policies/PLATFRM');
      expect(one.body.escalation_policy.escalation_rules).toHaveLength(2);
      expect((await call('/escalation_policies/PNOPE00')).status).toBe(404);
    });

    it('answers who is on call, filtered by policy and schedule', async () => {
      const oncalls = await call(
        '/oncalls?time_zone=UTC&include[]=users&escalation_policy_ids[]=PLATFRM',
      );
      expect(oncalls.status).toBe(200);
      expect(
        oncalls.body.oncalls.map((o: any) => ({
          level: o.escalation_level,
          user: o.user.name,
          email: o.user.email,
          schedule: o.schedule?.id ?? null,
        })),
      ).toEqual([
        {
          level: 1,
          user: 'Riley Oncall',
          email: 'riley.oncall@example.com',
          schedule: 'PSCHED1',
        },
        {
          level: 2,
          user: 'Sam Backup',
          email: 'sam.backup@example.com',
          schedule: null,
        },
      ]);
      const first = oncalls.body.oncalls[0];
      expect(first.escalation_policy).toMatchObject({
        id: 'PLATFRM',
        type: 'escalation_policy_reference',
      });
      expect(first.user).toMatchObject({
        id: 'PUSER01',
        type: 'user',
        summary: 'Riley Oncall',
        html_url: 'https://sandbox.pagerduty.com/users/PUSER01',
      });
      expect(first.start).toMatch(/T00:00:00Z$/);
      expect(oncalls.body.oncalls[1].start).toBeNull();

      const bySchedule = await call('/oncalls?schedule_ids[]=PSCHED1');
      expect(bySchedule.body.oncalls).toHaveLength(1);
      expect(bySchedule.body.oncalls[0].user).toEqual({
        id: 'PUSER01',
        type: 'user_reference',
        summary: 'Riley Oncall',
        self: `${pd.url}/users/PUSER01`,
        html_url: 'https://sandbox.pagerduty.com/users/PUSER01',
      });
      const none = await call('/oncalls?escalation_policy_ids[]=PNOPE00');
      expect(none.body.oncalls).toEqual([]);
    });

    it('seeds users and escalation policies', async () => {
      const user = pd.seedUser({ name: 'Kim Lead', email: 'kim@example.com' });
      const policy = pd.seedEscalationPolicy({
        name: 'Data team',
        levels: [[user.id]],
      });
      const oncalls = await call(
        `/oncalls?escalation_policy_ids[]=${policy.id}`,
      );
      expect(oncalls.body.oncalls.map((o: any) => o.user.id)).toEqual([
        user.id,
      ]);
      const got = await call(`/users/${user.id}`);
      expect(got.body.user).toMatchObject({
        name: 'Kim Lead',
        email: 'kim@example.com',
        type: 'user',
      });
      expect(got.body.user.avatar_url).toMatch(
        /^https:\/\/secure\.gravatar\.com\/avatar\/[0-9a-f]{32}\.png/,
      );
      expect((await call('/users/PNOPE00')).status).toBe(404);
      const users = await call('/users?query=kim');
      expect(users.body.users.map((u: any) => u.id)).toEqual([user.id]);
    });
  });

  describe('incidents', () => {
    it('lists incidents by service and status', async () => {
      const payments = pd.seedService({ name: 'Payments' });
      const billing = pd.seedService({ name: 'Billing' });
      const fire = pd.seedIncident({
        serviceId: payments.id,
        title: 'The server is on fire',
      });
      pd.seedIncident({
        serviceId: payments.id,
        title: 'Old issue',
        status: 'resolved',
        urgency: 'low',
      });
      pd.seedIncident({
        serviceId: billing.id,
        title: 'Slow invoices',
        status: 'acknowledged',
        urgency: 'low',
      });
      expect(fire).toMatchObject({
        type: 'incident',
        incident_number: 1,
        summary: '[#1] The server is on fire',
        status: 'triggered',
        urgency: 'high',
        service: { id: payments.id, type: 'service_reference' },
        assignments: [{ assignee: { id: 'PUSER01', type: 'user_reference' } }],
      });

      const open = await call(
        `/incidents?time_zone=UTC&sort_by=created_at&statuses[]=triggered&statuses[]=acknowledged&service_ids[]=${payments.id}`,
      );
      expect(open.body.incidents.map((i: any) => i.title)).toEqual([
        'The server is on fire',
      ]);
      const all = await call('/incidents?total=true');
      expect(all.body.total).toBe(3);
      const resolved = await call('/incidents?statuses[]=resolved');
      expect(resolved.body.incidents[0]).toMatchObject({
        title: 'Old issue',
        assignments: [],
        resolved_at: expect.stringMatching(/Z$/),
      });
      const withAssignees = await call(
        `/incidents/${fire.id}?include[]=assignees`,
      );
      expect(withAssignees.body.incident.assignments[0].assignee.email).toBe(
        'riley.oncall@example.com',
      );
      const byNumber = await call('/incidents/1');
      expect(byNumber.body.incident.id).toBe(fire.id);
      const desc = await call('/incidents?sort_by=incident_number:desc');
      expect(desc.body.incidents.map((i: any) => i.incident_number)).toEqual([
        3, 2, 1,
      ]);
      const invalid = await call('/incidents?statuses[]=open');
      expect(invalid.status).toBe(400);
      expect(invalid.body.error.code).toBe(2001);
      expect(pd.services().map(s => [s.name, s.status])).toEqual([
        ['Billing', 'warning'],
        ['Payments', 'critical'],
      ]);
    });

    it('applies the default 30-day window unless date_range=all', async () => {
      const service = pd.seedService({ name: 'Payments' });
      pd.seedIncident({
        serviceId: service.id,
        title: 'Ancient',
        createdAt: new Date(Date.now() - 90 * 24 * 3600 * 1000),
      });
      expect((await call('/incidents')).body.incidents).toEqual([]);
      const all = await call('/incidents?date_range=all');
      expect(all.body.incidents.map((i: any) => i.title)).toEqual(['Ancient']);
      const since = await call(
        `/incidents?since=${encodeURIComponent(
          new Date(Date.now() - 100 * 24 * 3600 * 1000).toISOString(),
        )}`,
      );
      expect(since.body.incidents).toHaveLength(1);
      expect((await call('/incidents?since=yesterday')).status).toBe(400);
    });
  });

  describe('failures and latency', () => {
    it('fails the next matching requests with PagerDuty error bodies', async () => {
      pd.failNext('GET', /^\/oncalls/, 429);
      const limited = await call('/oncalls');
      expect(limited.status).toBe(429);
      expect(limited.body).toEqual({
        error: { message: 'Rate Limit Exceeded', code: 2020 },
      });
      expect((await call('/oncalls')).status).toBe(200);
      pd.failNext('*', /services/, 500, 'boom', 2);
      const broken = await call('/services', {
        method: 'POST',
        body: createBody('X'),
      });
      expect(broken.body).toEqual({ error: { message: 'boom', code: 2000 } });
      expect((await call('/services')).status).toBe(500);
      expect((await call('/services')).status).toBe(200);
    });

    it('delays answers and records requests', async () => {
      pd.setLatency(120);
      const started = Date.now();
      await call('/incidents?statuses[]=triggered&statuses[]=acknowledged');
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      expect(pd.requests).toEqual([
        {
          method: 'GET',
          path: '/incidents',
          query: { 'statuses[]': ['triggered', 'acknowledged'] },
        },
      ]);
    });
  });
});
