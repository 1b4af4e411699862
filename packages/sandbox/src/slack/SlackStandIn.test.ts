import { SlackStandIn } from './SlackStandIn';

describe('SlackStandIn', () => {
  let slack: SlackStandIn;

  beforeEach(async () => {
    slack = await SlackStandIn.start();
  });

  afterEach(async () => {
    await slack.close();
  });

  async function hook(
    url: string,
    body: string,
    contentType = 'application/json',
    method = 'POST',
  ) {
    const response = await fetch(url, {
      method,
      headers: { 'content-type': contentType },
      body: method === 'GET' ? undefined : body,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type'),
      text: await response.text(),
    };
  }

  async function api(
    method: string,
    args: Record<string, unknown>,
    options: { token?: string | null; form?: boolean; charset?: boolean } = {},
  ) {
    const token = options.token === undefined ? 'xoxb-sandbox' : options.token;
    const headers: Record<string, string> = {};
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string;
    if (options.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(
        Object.entries(args).map(([k, v]) => [
          k,
          typeof v === 'string' ? v : JSON.stringify(v),
        ]),
      ).toString();
    } else {
      headers['content-type'] =
        options.charset === false
          ? 'application/json'
          : 'application/json; charset=utf-8';
      body = JSON.stringify(args);
    }
    const response = await fetch(`${slack.url}/api/${method}`, {
      method: 'POST',
      headers,
      body,
    });
    return { status: response.status, body: await response.json() };
  }

  describe('incoming webhooks', () => {
    it('posts to the default webhook and answers ok', async () => {
      expect(slack.defaultWebhookUrl).toBe(
        `${slack.url}/services/TSANDBOX/BSANDBOX/sandbox-webhook-secret`,
      );
      const posted = await hook(
        slack.defaultWebhookUrl,
        JSON.stringify({ text: 'Deployed payments-api v1.2.3' }),
      );
      expect(posted.status).toBe(200);
      expect(posted.text).toBe('ok');
      expect(posted.contentType).toMatch(/^text\/html/);
      const [message] = slack.messages('#platform-announcements');
      expect(message).toMatchObject({
        channelName: 'platform-announcements',
        text: 'Deployed payments-api v1.2.3',
        via: 'webhook',
      });
      expect(message.ts).toMatch(/^\d{10}\.\d{6}$/);
      expect(slack.messages('general')).toEqual([]);
    });

    it('takes blocks without text, and form-encoded payloads', async () => {
      const blocks = [
        { type: 'section', text: { type: 'mrkdwn', text: '*Deployed*' } },
      ];
      expect(
        (await hook(slack.defaultWebhookUrl, JSON.stringify({ blocks }))).text,
      ).toBe('ok');
      const form = await hook(
        slack.defaultWebhookUrl,
        new URLSearchParams({
          payload: JSON.stringify({ text: 'from a form' }),
        }).toString(),
        'application/x-www-form-urlencoded',
      );
      expect(form).toMatchObject({ status: 200, text: 'ok' });
      expect(slack.messages().map(m => m.text ?? m.blocks)).toEqual([
        blocks,
        'from a form',
      ]);
    });

    it("answers bad payloads with Slack's errors", async () => {
      expect(await hook(slack.defaultWebhookUrl, '{not json')).toMatchObject({
        status: 400,
        text: 'invalid_payload',
      });
      expect(await hook(slack.defaultWebhookUrl, '[1]')).toMatchObject({
        status: 400,
        text: 'invalid_payload',
      });
      expect(
        await hook(slack.defaultWebhookUrl, JSON.stringify({ text: '' })),
      ).toMatchObject({ status: 400, text: 'no_text' });
      expect(
        await hook(slack.defaultWebhookUrl, JSON.stringify({ blocks: [] })),
      ).toMatchObject({ status: 400, text: 'no_text' });
      expect(slack.messages()).toEqual([]);
    });

    it('answers unknown and revoked webhooks with no_service', async () => {
      expect(
        await hook(
          `${slack.url}/services/TSANDBOX/BNOPE/secret`,
          JSON.stringify({ text: 'x' }),
        ),
      ).toMatchObject({ status: 404, text: 'no_service' });
      expect(
        await hook(
          `${slack.url}/services/TOTHER/BSANDBOX/sandbox-webhook-secret`,
          JSON.stringify({ text: 'x' }),
        ),
      ).toMatchObject({ status: 404, text: 'no_team' });
      const url = slack.createWebhook('#deploys');
      expect((await hook(url, JSON.stringify({ text: 'x' }))).text).toBe('ok');
      slack.revokeWebhook(url);
      expect(await hook(url, JSON.stringify({ text: 'x' }))).toMatchObject({
        status: 404,
        text: 'no_service',
      });
      expect(slack.messages('deploys')).toHaveLength(1);
    });

    it('answers archived and restricted channels with 410 and 403', async () => {
      const url = slack.createWebhook('releases');
      expect(url).toMatch(
        new RegExp(
          `^${slack.url}/services/TSANDBOX/B[A-Z0-9]{10}/[0-9a-f]{24}$`,
        ),
      );
      slack.restrictChannel('releases');
      expect(await hook(url, JSON.stringify({ text: 'x' }))).toMatchObject({
        status: 403,
        text: 'action_prohibited',
      });
      slack.archiveChannel('#releases');
      expect(await hook(url, JSON.stringify({ text: 'x' }))).toMatchObject({
        status: 410,
        text: 'channel_is_archived',
      });
      expect(slack.messages('releases')).toEqual([]);
    });
  });

  describe('chat.postMessage', () => {
    it('posts by channel name or id and answers the message', async () => {
      const general = slack.channels().find(c => c.name === 'general')!;
      const posted = await api('chat.postMessage', {
        channel: '#general',
        text: 'Hello',
      });
      expect(posted.status).toBe(200);
      expect(posted.body).toMatchObject({
        ok: true,
        channel: general.id,
        message: {
          type: 'message',
          text: 'Hello',
          user: 'USANDBOXBOT',
          bot_id: 'BSANDBOXBOT',
          team: 'TSANDBOX',
        },
      });
      expect(posted.body.message.ts).toBe(posted.body.ts);
      expect(posted.body.warning).toBeUndefined();

      const reply = await api('chat.postMessage', {
        channel: general.id,
        text: 'In thread',
        thread_ts: posted.body.ts,
      });
      expect(reply.body.message.thread_ts).toBe(posted.body.ts);
      expect(Number(reply.body.ts)).toBeGreaterThan(Number(posted.body.ts));
      expect(slack.messages(general.id).map(m => m.text)).toEqual([
        'Hello',
        'In thread',
      ]);
      expect(slack.messages('general')[1]).toMatchObject({
        threadTs: posted.body.ts,
        via: 'chat.postMessage',
      });
    });

    it('takes form-encoded arguments, with the token in the body', async () => {
      const blocks = [{ type: 'divider' }];
      const posted = await api(
        'chat.postMessage',
        { token: 'xoxb-sandbox', channel: 'general', blocks },
        { token: null, form: true },
      );
      expect(posted.body.ok).toBe(true);
      expect(posted.body.message.blocks).toEqual(blocks);
      const invalid = await api(
        'chat.postMessage',
        { channel: 'general', blocks: '[not json' },
        { form: true },
      );
      expect(invalid.body).toEqual({ ok: false, error: 'invalid_blocks' });
    });

    it('answers errors with HTTP 200 and ok: false', async () => {
      expect(
        (
          await api(
            'chat.postMessage',
            { channel: 'general', text: 'x' },
            { token: null },
          )
        ).body,
      ).toEqual({ ok: false, error: 'not_authed' });
      const invalidAuth = await api(
        'chat.postMessage',
        { channel: 'general', text: 'x' },
        { token: 'xoxb-wrong' },
      );
      expect(invalidAuth).toEqual({
        status: 200,
        body: { ok: false, error: 'invalid_auth' },
      });
      expect(
        (await api('chat.postMessage', { channel: '#nope', text: 'x' })).body,
      ).toEqual({ ok: false, error: 'channel_not_found' });
      expect(
        (await api('chat.postMessage', { channel: 'general' })).body,
      ).toEqual({ ok: false, error: 'no_text' });
      slack.archiveChannel('general');
      expect(
        (await api('chat.postMessage', { channel: 'general', text: 'x' })).body,
      ).toEqual({ ok: false, error: 'is_archived' });
      expect((await api('chat.nothing', {})).body).toEqual({
        ok: false,
        error: 'unknown_method',
        req_method: 'chat.nothing',
      });
      const notJson = await fetch(`${slack.url}/api/chat.postMessage`, {
        method: 'POST',
        headers: {
          authorization: 'Bearer xoxb-sandbox',
          'content-type': 'application/json; charset=utf-8',
        },
        body: '{',
      });
      expect(await notJson.json()).toEqual({
        ok: false,
        error: 'invalid_json',
      });
      expect(slack.messages()).toEqual([]);
    });

    it('warns about JSON without a charset, as Slack does', async () => {
      const posted = await api(
        'chat.postMessage',
        { channel: 'general', text: 'x' },
        { charset: false },
      );
      expect(posted.body).toMatchObject({
        ok: true,
        warning: 'missing_charset',
        response_metadata: { warnings: ['missing_charset'] },
      });
    });
  });

  describe('conversations', () => {
    it('creates channels and refuses taken or invalid names', async () => {
      const created = await api('conversations.create', { name: 'deploys' });
      expect(created.body.ok).toBe(true);
      expect(created.body.channel).toMatchObject({
        name: 'deploys',
        is_channel: true,
        is_private: false,
        is_archived: false,
        is_member: true,
        context_team_id: 'TSANDBOX',
      });
      expect(created.body.channel.id).toMatch(/^C[A-Z0-9]{10}$/);
      expect(
        (await api('conversations.create', { name: 'deploys' })).body,
      ).toEqual({
        ok: false,
        error: 'name_taken',
      });
      expect(
        (await api('conversations.create', { name: 'Has Space' })).body,
      ).toEqual({
        ok: false,
        error: 'invalid_name_specials',
      });
      expect((await api('conversations.create', {})).body).toEqual({
        ok: false,
        error: 'invalid_name_required',
      });
      expect(
        (await api('conversations.create', { name: 'x'.repeat(81) })).body,
      ).toEqual({ ok: false, error: 'invalid_name_maxlength' });

      const posted = await api('chat.postMessage', {
        channel: created.body.channel.id,
        text: 'first',
      });
      expect(posted.body.ok).toBe(true);
      const list = await api('conversations.list', {});
      expect(list.body.channels.map((c: any) => c.name)).toEqual([
        'deploys',
        'general',
        'platform-announcements',
      ]);
    });

    it('answers auth.test for the bot token', async () => {
      const auth = await api('auth.test', {});
      expect(auth.body).toMatchObject({
        ok: true,
        team_id: 'TSANDBOX',
        user_id: 'USANDBOXBOT',
        bot_id: 'BSANDBOXBOT',
      });
    });

    it('starts with configured channels, team and tokens', async () => {
      await slack.close();
      slack = await SlackStandIn.start({
        channels: ['alerts'],
        teamId: 'TACME',
        tokens: ['xoxb-acme'],
      });
      expect(slack.defaultWebhookUrl).toBe(
        `${slack.url}/services/TACME/BSANDBOX/sandbox-webhook-secret`,
      );
      const posted = await api(
        'chat.postMessage',
        { channel: 'alerts', text: 'x' },
        { token: 'xoxb-acme' },
      );
      expect(posted.body.ok).toBe(true);
      expect(slack.messages('alerts')).toHaveLength(1);
    });
  });

  describe('failures and latency', () => {
    it('fails the next matching requests', async () => {
      slack.failNext('POST', /^\/services\//, 429);
      const limited = await fetch(slack.defaultWebhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: 'x' }),
      });
      expect(limited.status).toBe(429);
      expect(limited.headers.get('retry-after')).toBe('1');
      expect(await limited.text()).toBe('rate_limited');
      slack.failNext('POST', /chat\.postMessage/, 200, 'ratelimited');
      expect(
        (await api('chat.postMessage', { channel: 'general', text: 'x' })).body,
      ).toEqual({ ok: false, error: 'ratelimited' });
      expect(
        (await api('chat.postMessage', { channel: 'general', text: 'x' })).body
          .ok,
      ).toBe(true);
      expect(slack.messages()).toHaveLength(1);
    });

    it('delays answers and records requests', async () => {
      slack.setLatency(120);
      const started = Date.now();
      await hook(slack.defaultWebhookUrl, JSON.stringify({ text: 'slow' }));
      expect(Date.now() - started).toBeGreaterThanOrEqual(110);
      expect(slack.requests).toEqual([
        {
          method: 'POST',
          path: '/services/TSANDBOX/BSANDBOX/sandbox-webhook-secret',
          query: {},
          contentType: 'application/json',
          body: '{"text":"slow"}',
        },
      ]);
    });
  });
});
