import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  BASIC_CHECKS,
  OUTSIDER,
  USER,
  entity,
  scorecardTestDatabases,
  startScorecardTestBackend,
  type ScorecardTestBackend,
} from '../__testUtils__/scorecardTestBackend';

/*
 * Exemption requests over HTTP, on PostgreSQL and SQLite: an owner asks,
 * the platform team approves (the exemption applies, the score changes) or
 * denies, every decision stays listed; who may do what; conflicts and
 * input errors.
 *
 * Who owns what: the test backend's tokens (mockCredentials) carry only the
 * user's ref, and the default user-info mock answers that ref as the only
 * ownership ref. A user-info service with group memberships replaces it
 * here: `user:default/outsider` (whom the permission mock denies every
 * permission, so not the platform team) is a member of team-a, which owns
 * service-a; team-b owns service-b. Alice is allowed everything: the
 * platform team.
 */

jest.setTimeout(120_000);

const databases = scorecardTestDatabases();

const MEMBERSHIPS: Record<string, string[]> = {
  'user:default/outsider': ['group:default/team-a'],
};

const userInfoWithGroups = createServiceFactory({
  service: coreServices.userInfo,
  deps: {},
  factory: () => ({
    async getUserInfo(credentials) {
      const ref = (credentials.principal as { userEntityRef: string })
        .userEntityRef;
      return {
        userEntityRef: ref,
        ownershipEntityRefs: [ref, ...(MEMBERSHIPS[ref] ?? [])],
      };
    },
  }),
});

const SERVICE_A = 'component:default/service-a';
const inDays = (days: number) =>
  new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

describe.each(databases.eachSupportedId())(
  'exemption requests on %s',
  databaseId => {
    let backend: ScorecardTestBackend;

    beforeAll(async () => {
      backend = await startScorecardTestBackend({
        databases,
        databaseId,
        entities: [
          entity('Component', 'service-a', {
            type: 'service',
            owner: 'group:team-a',
          }),
          entity('Component', 'service-b', {
            type: 'service',
            owner: 'team-b',
          }),
        ],
        scorecard: {
          checks: [
            ...BASIC_CHECKS,
            {
              id: 'api-docs',
              type: 'annotation',
              title: 'API documented',
              dimension: 'Documentation',
              params: { annotation: 'example.com/api-docs' },
              filter: { kind: ['API'] },
            },
          ],
        },
        features: [userInfoWithGroups],
      });
    });

    afterAll(() => backend?.stop());

    const post = (path: string, body: unknown, as?: string) =>
      backend.json(path, { method: 'POST', body: JSON.stringify(body), as });

    const ask = (checkId: string, entityRef = SERVICE_A, as = OUTSIDER) =>
      post(
        '/v1/exemption-requests',
        {
          entityRef,
          checkId,
          reason: 'paged through the payments rotation',
          expiresAt: inDays(30),
        },
        as,
      );

    it('lets an owner ask; the platform team approves: the exemption applies and the decision is kept', async () => {
      const before = await backend.json(
        '/v1/entities/component/default/service-a',
      );
      expect(before.body.score).toEqual({ passed: 1, total: 3 });

      const asked = await ask('pagerduty-service');
      expect(asked.status).toBe(201);
      const request = asked.body;
      expect(request).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entityRef: SERVICE_A,
        checkId: 'pagerduty-service',
        reason: 'paged through the payments rotation',
        expiresAt: expect.any(String),
        requestedBy: 'user:default/outsider',
        requestedAt: expect.any(String),
        status: 'pending',
      });

      // pending, visible to anyone
      const pending = await backend.json(
        `/v1/exemption-requests?entityRef=${encodeURIComponent(
          'Component:default/Service-A',
        )}&status=pending`,
      );
      expect(pending).toEqual({ status: 200, body: { items: [request] } });

      // the owner may not decide
      const refused = await post(
        `/v1/exemption-requests/${request.id}/approve`,
        {},
        OUTSIDER,
      );
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        'Not allowed: scorecard.exemption.decide',
      );

      const approved = await post(
        `/v1/exemption-requests/${request.id}/approve`,
        { reason: 'the rotation covers it' },
      );
      expect(approved.status).toBe(200);
      expect(approved.body).toEqual({
        ...request,
        status: 'approved',
        decidedBy: 'user:default/alice',
        decidedAt: expect.any(String),
        decisionReason: 'the rotation covers it',
      });

      const exemptions = await backend.json(
        `/v1/exemptions?entityRef=${SERVICE_A}`,
      );
      expect(exemptions.body.items).toEqual([
        {
          entityRef: SERVICE_A,
          checkId: 'pagerduty-service',
          reason: 'paged through the payments rotation',
          author: 'user:default/alice',
          createdAt: expect.any(String),
          expiresAt: request.expiresAt,
        },
      ]);
      // created when approved
      expect(
        Date.parse(exemptions.body.items[0].createdAt) -
          Date.parse(approved.body.decidedAt),
      ).toBeGreaterThanOrEqual(0);
      const after = await backend.json(
        '/v1/entities/component/default/service-a',
      );
      expect(after.body.score).toEqual({ passed: 1, total: 2 });
      expect(
        after.body.checks.find((c: any) => c.id === 'pagerduty-service'),
      ).toMatchObject({ status: 'failed', exempt: true });

      // the history: the decided request stays listed
      const all = await backend.json(
        `/v1/exemption-requests?entityRef=${SERVICE_A}`,
      );
      expect(all.body.items).toEqual([approved.body]);
      expect(
        (
          await backend.json(
            `/v1/exemption-requests?entityRef=${SERVICE_A}&status=pending`,
          )
        ).body.items,
      ).toEqual([]);

      const again = await post(
        `/v1/exemption-requests/${request.id}/approve`,
        {},
      );
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `Exemption request ${request.id} is already approved`,
      );
    });

    it('denies with a reason, and keeps the denial', async () => {
      const { body: request } = await ask('techdocs');
      const noReason = await post(
        `/v1/exemption-requests/${request.id}/deny`,
        {},
      );
      expect(noReason.status).toBe(400);
      expect(noReason.body.error.message).toBe(
        'Invalid decision: reason: required: say why the request is denied',
      );
      const denied = await post(`/v1/exemption-requests/${request.id}/deny`, {
        reason: 'write the docs: it takes an hour',
      });
      expect(denied.status).toBe(200);
      expect(denied.body).toEqual({
        ...request,
        status: 'denied',
        decidedBy: 'user:default/alice',
        decidedAt: expect.any(String),
        decisionReason: 'write the docs: it takes an hour',
      });
      const listed = await backend.json('/v1/exemption-requests?status=denied');
      expect(listed.body.items).toEqual([denied.body]);
      const card = await backend.json(
        '/v1/entities/component/default/service-a',
      );
      expect(
        card.body.checks.find((c: any) => c.id === 'techdocs'),
      ).toMatchObject({ status: 'failed', exempt: false });
    });

    it('refuses a non-owner (naming the owner) and a second pending request; the requester withdraws', async () => {
      const notOwner = await ask('techdocs', 'component:default/service-b');
      expect(notOwner.status).toBe(403);
      expect(notOwner.body.error.message).toBe(
        'Only the owner of component:default/service-b (group:default/team-b) or the platform team may request an exemption for it',
      );

      // the platform team may ask for another team
      const forB = await ask('techdocs', 'component:default/service-b', USER);
      expect(forB.status).toBe(201);
      expect(forB.body.requestedBy).toBe('user:default/alice');

      const twice = await ask('techdocs', 'component:default/service-b', USER);
      expect(twice.status).toBe(409);
      expect(twice.body.error.message).toBe(
        `An exemption request for component:default/service-b and "techdocs" is already pending (${forB.body.id}, by user:default/alice)`,
      );

      const notRequester = await post(
        `/v1/exemption-requests/${forB.body.id}/withdraw`,
        {},
        OUTSIDER,
      );
      expect(notRequester.status).toBe(403);
      expect(notRequester.body.error.message).toBe(
        `Only the requester user:default/alice may withdraw exemption request ${forB.body.id}`,
      );
      const withdrawn = await post(
        `/v1/exemption-requests/${forB.body.id}/withdraw`,
        {},
      );
      expect(withdrawn.status).toBe(200);
      expect(withdrawn.body).toMatchObject({
        status: 'withdrawn',
        decidedBy: 'user:default/alice',
      });
      expect(withdrawn.body.decisionReason).toBeUndefined();
    });

    it('answers 400 for bad input and 404 for an unknown request', async () => {
      const body = {
        entityRef: SERVICE_A,
        checkId: 'has-owner',
        reason: 'a good reason',
        expiresAt: inDays(30),
      };
      const cases: Array<[string, unknown, string]> = [
        [
          '/v1/exemption-requests',
          { ...body, checkId: 'nope' },
          'Unknown check "nope"; checks: has-owner, pagerduty-service, techdocs, api-docs',
        ],
        [
          '/v1/exemption-requests',
          { ...body, expiresAt: '2001-01-01' },
          'expiresAt must be in the future',
        ],
        [
          '/v1/exemption-requests',
          { ...body, expiresAt: inDays(400) },
          'expiresAt must be within a year: exemptions are reviewed, not permanent',
        ],
        [
          '/v1/exemption-requests',
          { ...body, reason: ' x ' },
          'Invalid exemption request: reason: Too small: expected string to have >=3 characters',
        ],
        [
          '/v1/exemption-requests',
          { ...body, reason: 'nul\u0000here' },
          'Invalid exemption request: reason: must not contain control characters',
        ],
        [
          '/v1/exemption-requests',
          { ...body, checkId: 'api-docs' },
          'Check "api-docs" does not apply to component:default/service-a',
        ],
        [
          '/v1/exemption-requests/not-a-uuid/approve',
          {},
          'Invalid path: id: must be a UUID',
        ],
        [
          '/v1/exemption-requests/00000000-0000-4000-8000-000000000000/deny',
          { reason: 'no', extra: 1 },
          'Invalid decision: reason: Too small: expected string to have >=3 characters; Unrecognized key: "extra"',
        ],
      ];
      for (const [path, input, message] of cases) {
        const res = await post(path, input, OUTSIDER);
        expect({ path, input, status: res.status }).toEqual({
          path,
          input,
          status: 400,
        });
        expect(res.body.error.message).toBe(message);
      }
      const badStatus = await backend.json(
        '/v1/exemption-requests?status=maybe',
      );
      expect(badStatus.status).toBe(400);
      expect(badStatus.body.error.message).toBe(
        'Invalid query: status: must be one of pending, approved, denied, withdrawn',
      );

      const id = '00000000-0000-4000-8000-000000000000';
      const unknown = await post(`/v1/exemption-requests/${id}/approve`, {});
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.message).toBe(`No exemption request ${id}`);
    });
  },
);
