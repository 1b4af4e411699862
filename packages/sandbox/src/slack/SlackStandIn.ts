import express from 'express';
import { randomBytes } from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure, requestUrl } from '../http';

export type SlackStandInOptions = {
  port?: number;
  /** Bot tokens the Web API accepts; default `['xoxb-sandbox']`. */
  tokens?: string[];
  /** Channels that exist from the start, besides `#general` and `#platform-announcements`. */
  channels?: string[];
  /** The workspace's id, the first segment of webhook paths; default `TSANDBOX`. */
  teamId?: string;
};

/** A conversation as `conversations.create` and `conversations.list` return it. */
export type SlackChannel = {
  id: string;
  name: string;
  is_channel: boolean;
  is_group: boolean;
  is_im: boolean;
  is_mpim: boolean;
  is_private: boolean;
  created: number;
  is_archived: boolean;
  is_general: boolean;
  unlinked: number;
  name_normalized: string;
  is_shared: boolean;
  is_org_shared: boolean;
  is_pending_ext_shared: boolean;
  pending_shared: string[];
  context_team_id: string;
  updated: number;
  parent_conversation: null;
  creator: string;
  is_ext_shared: boolean;
  shared_team_ids: string[];
  pending_connected_team_ids: string[];
  is_member: boolean;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  previous_names: string[];
};

/** A message the stand-in accepted. */
export type SlackMessage = {
  /** The channel's id. */
  channel: string;
  /** The channel's name, without `#`. */
  channelName: string;
  ts: string;
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  username?: string;
  iconEmoji?: string;
  iconUrl?: string;
  /** How it arrived: an incoming webhook, or the Web API. */
  via: 'webhook' | 'chat.postMessage';
};

/** A request the stand-in received. */
export type SlackRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  contentType?: string;
  body?: string;
};

type ChannelState = SlackChannel & { postingRestricted: boolean };

type Webhook = { channelId: string; revoked: boolean };

type WebApiReply = { status: number; body: Record<string, unknown> };

const BOT_USER_ID = 'USANDBOXBOT';
const BOT_ID = 'BSANDBOXBOT';
const APP_ID = 'ASANDBOXAPP';
const MAX_TEXT = 40000;
const WEBHOOK_FAILURES: Record<number, string> = {
  400: 'invalid_payload',
  403: 'action_prohibited',
  404: 'no_service',
  410: 'channel_is_archived',
  429: 'rate_limited',
  500: 'internal_error',
};

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function randomId(prefix: string, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  return (
    prefix +
    [...randomBytes(length)].map(b => alphabet[b % alphabet.length]).join('')
  );
}

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

function hasContent(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * A stand-in for Slack: incoming webhooks
 * (https://api.slack.com/messaging/webhooks: `POST /services/T/B/secret`,
 * answered `ok` or with Slack's plain-text errors and status codes) and the
 * Web API methods `chat.postMessage`
 * (https://api.slack.com/methods/chat.postMessage), `conversations.create`,
 * `conversations.list` and `auth.test` (`POST /api/<method>`, JSON or
 * form-encoded, always HTTP 200 with `{ok: true, ...}` or
 * `{ok: false, error}`, bearer bot tokens).
 *
 * Starts with `#general` and `#platform-announcements`, and the webhook
 * `/services/TSANDBOX/BSANDBOX/sandbox-webhook-secret` posting to
 * `#platform-announcements`. `messages()` shows what was posted.
 */
export class SlackStandIn extends FaultInjectingStandIn {
  private readonly channelStore = new Map<string, ChannelState>();
  private readonly webhooks = new Map<string, Webhook>();
  private readonly posted: SlackMessage[] = [];
  private lastMicros = 0;
  /** Every request received, in order. */
  readonly requests: SlackRecordedRequest[] = [];

  private constructor(
    private readonly tokens: string[],
    /** The workspace's id. */
    readonly teamId: string,
  ) {
    super();
  }

  static async start(options: SlackStandInOptions = {}): Promise<SlackStandIn> {
    const instance = new SlackStandIn(
      options.tokens ?? ['xoxb-sandbox'],
      options.teamId ?? 'TSANDBOX',
    );
    instance.addChannel('general', { isGeneral: true });
    const announcements = instance.addChannel('platform-announcements');
    for (const name of options.channels ?? []) instance.addChannel(name);
    instance.webhooks.set(
      `/services/${instance.teamId}/BSANDBOX/sandbox-webhook-secret`,
      { channelId: announcements.id, revoked: false },
    );
    const app = express();
    app.disable('x-powered-by');
    app.use(express.text({ type: () => true, limit: '5mb' }));
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent)
          res.status(500).type('text/plain').send(String(error));
      });
    });
    await instance.listen(app, options.port);
    return instance;
  }

  /** The URL of the webhook every stand-in starts with (`#platform-announcements`). */
  get defaultWebhookUrl(): string {
    return `${this.url}/services/${this.teamId}/BSANDBOX/sandbox-webhook-secret`;
  }

  /**
   * A new incoming webhook posting to a channel (a name, with or without
   * `#`, or an id; created if missing). Returns its URL.
   */
  createWebhook(channel: string): string {
    const target =
      this.findChannel(channel) ?? this.addChannel(channel.replace(/^#/, ''));
    const path = `/services/${this.teamId}/${randomId('B', 10)}/${randomBytes(
      12,
    ).toString('hex')}`;
    this.webhooks.set(path, { channelId: target.id, revoked: false });
    return `${this.url}${path}`;
  }

  /** Removes a webhook: it answers 404 `no_service` from now on. */
  revokeWebhook(webhookUrl: string): void {
    const webhook = this.webhooks.get(new URL(webhookUrl).pathname);
    if (!webhook) throw new Error(`no webhook ${webhookUrl}`);
    webhook.revoked = true;
  }

  /** Creates a public channel, as `conversations.create` would. */
  createChannel(name: string): SlackChannel {
    const existing = this.findChannel(name);
    if (existing) return publicChannel(existing);
    return publicChannel(this.addChannel(name.replace(/^#/, '')));
  }

  /** Archives a channel: webhooks answer 410, chat.postMessage `is_archived`. */
  archiveChannel(channel: string): void {
    this.requireChannel(channel).is_archived = true;
  }

  /**
   * Restricts posting in a channel (as a workspace admin can): webhooks
   * answer 403 `action_prohibited`, chat.postMessage `restricted_action`.
   */
  restrictChannel(channel: string): void {
    this.requireChannel(channel).postingRestricted = true;
  }

  channels(): SlackChannel[] {
    return [...this.channelStore.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(publicChannel);
  }

  /** Messages posted (to one channel, by name or id), oldest first. */
  messages(channel?: string): SlackMessage[] {
    if (channel === undefined) return this.posted.map(m => ({ ...m }));
    const target = this.findChannel(channel);
    if (!target) return [];
    return this.posted
      .filter(m => m.channel === target.id)
      .map(m => ({ ...m }));
  }

  // ---------------------------------------------------------------------

  private addChannel(
    name: string,
    options: { isGeneral?: boolean; isPrivate?: boolean } = {},
  ): ChannelState {
    const now = Math.floor(Date.now() / 1000);
    const channel: ChannelState = {
      id: randomId('C', 10),
      name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: options.isPrivate ?? false,
      created: now,
      is_archived: false,
      is_general: options.isGeneral ?? false,
      unlinked: 0,
      name_normalized: name,
      is_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: this.teamId,
      updated: now * 1000,
      parent_conversation: null,
      creator: BOT_USER_ID,
      is_ext_shared: false,
      shared_team_ids: [this.teamId],
      pending_connected_team_ids: [],
      is_member: true,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      previous_names: [],
      postingRestricted: false,
    };
    this.channelStore.set(channel.id, channel);
    return channel;
  }

  private findChannel(channel: string): ChannelState | undefined {
    const byId = this.channelStore.get(channel);
    if (byId) return byId;
    const name = channel.replace(/^#/, '');
    return [...this.channelStore.values()].find(c => c.name === name);
  }

  private requireChannel(channel: string): ChannelState {
    const found = this.findChannel(channel);
    if (!found) throw new Error(`no channel ${channel}`);
    return found;
  }

  /** A unique, increasing message timestamp: seconds and microseconds. */
  private nextTs(): string {
    this.lastMicros = Math.max(Date.now() * 1000, this.lastMicros + 1);
    const seconds = Math.floor(this.lastMicros / 1e6);
    const micros = String(this.lastMicros % 1e6).padStart(6, '0');
    return `${seconds}.${micros}`;
  }

  /**
   * The Web API's `{ok: false, error}`, or a webhook's plain-text error;
   * a 429 with `Retry-After`.
   */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    if (failure.status === 429) res.set('Retry-After', '1');
    if (res.req.path.startsWith('/api/')) {
      res
        .status(failure.status)
        .json({ ok: false, error: failure.message ?? 'internal_error' });
    } else {
      res
        .status(failure.status)
        .type('text/html')
        .send(
          failure.message ??
            WEBHOOK_FAILURES[failure.status] ??
            'internal_error',
        );
    }
  }

  private async handle(req: express.Request, res: express.Response) {
    const { url, loggedQuery } = requestUrl(req);
    const rawBody = typeof req.body === 'string' ? req.body : '';
    const contentType = req.header('content-type');
    this.requests.push({
      method: req.method,
      path: url.pathname,
      query: loggedQuery,
      ...(contentType ? { contentType } : {}),
      ...(rawBody ? { body: rawBody } : {}),
    });
    await this.injectedLatency();
    if (this.answerInjectedFailure(req, res, url.pathname)) return;
    const webApi = url.pathname.startsWith('/api/');
    if (url.pathname.startsWith('/services/')) {
      const reply = this.webhook(
        req.method,
        url.pathname,
        rawBody,
        contentType,
      );
      res.status(reply.status).type('text/html').send(reply.text);
      return;
    }
    if (webApi) {
      const method = url.pathname.slice('/api/'.length);
      const reply = this.webApi(
        method,
        req,
        url.searchParams,
        rawBody,
        contentType,
      );
      res.status(reply.status).json(reply.body);
      return;
    }
    res.status(404).type('text/html').send('Not Found');
  }

  // ---------------------------------------------------------------------
  // Incoming webhooks

  private webhook(
    method: string,
    path: string,
    rawBody: string,
    contentType: string | undefined,
  ): { status: number; text: string } {
    const [, , team] = path.split('/');
    const webhook = this.webhooks.get(path);
    if (team !== this.teamId) return { status: 404, text: 'no_team' };
    if (!webhook || webhook.revoked) return { status: 404, text: 'no_service' };
    if (method !== 'POST') return { status: 400, text: 'invalid_payload' };
    let payload: unknown;
    try {
      const json =
        mediaType(contentType) === 'application/x-www-form-urlencoded'
          ? new URLSearchParams(rawBody).get('payload') ?? ''
          : rawBody;
      payload = JSON.parse(json);
    } catch {
      return { status: 400, text: 'invalid_payload' };
    }
    if (!isObject(payload)) return { status: 400, text: 'invalid_payload' };
    const channel = this.channelStore.get(webhook.channelId)!;
    if (channel.is_archived)
      return { status: 410, text: 'channel_is_archived' };
    if (channel.postingRestricted) {
      return { status: 403, text: 'action_prohibited' };
    }
    const text = typeof payload.text === 'string' ? payload.text : undefined;
    if (
      !text &&
      !hasContent(payload.blocks) &&
      !hasContent(payload.attachments)
    ) {
      return { status: 400, text: 'no_text' };
    }
    if (
      Array.isArray(payload.attachments) &&
      payload.attachments.length > 100
    ) {
      return { status: 400, text: 'too_many_attachments' };
    }
    this.posted.push({
      channel: channel.id,
      channelName: channel.name,
      ts: this.nextTs(),
      ...(text !== undefined ? { text } : {}),
      ...(Array.isArray(payload.blocks) ? { blocks: payload.blocks } : {}),
      ...(Array.isArray(payload.attachments)
        ? { attachments: payload.attachments }
        : {}),
      ...(typeof payload.thread_ts === 'string'
        ? { threadTs: payload.thread_ts }
        : {}),
      via: 'webhook',
    });
    return { status: 200, text: 'ok' };
  }

  // ---------------------------------------------------------------------
  // Web API

  private webApi(
    method: string,
    req: express.Request,
    search: URLSearchParams,
    rawBody: string,
    contentType: string | undefined,
  ): WebApiReply {
    const fail = (error: string, extra: Record<string, unknown> = {}) => ({
      status: 200,
      body: { ok: false, error, ...extra },
    });
    const type = mediaType(contentType);
    let args: Record<string, unknown> = Object.fromEntries(search);
    let warning: string | undefined;
    if (type === 'application/json' && rawBody.trim() !== '') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(rawBody);
      } catch {
        return fail('invalid_json');
      }
      if (!isObject(parsed)) return fail('json_not_object');
      args = { ...args, ...parsed };
      if (!/charset=utf-8/i.test(contentType ?? ''))
        warning = 'missing_charset';
    } else if (type === 'application/x-www-form-urlencoded' || type === '') {
      args = { ...args, ...Object.fromEntries(new URLSearchParams(rawBody)) };
    }
    const bearer = /^Bearer\s+(.+)$/i.exec(req.header('authorization') ?? '');
    // Slack takes a `token` argument only from form bodies and query strings.
    const formToken =
      type === 'application/json' ? search.get('token') : args.token;
    const token = bearer?.[1].trim() ?? formToken;
    const known = [
      'chat.postMessage',
      'conversations.create',
      'conversations.list',
      'auth.test',
    ];
    if (!known.includes(method)) {
      return fail('unknown_method', { req_method: method });
    }
    if (typeof token !== 'string' || token === '') return fail('not_authed');
    if (!this.tokens.includes(token)) return fail('invalid_auth');
    let reply: WebApiReply;
    if (method === 'chat.postMessage') reply = this.postMessage(args);
    else if (method === 'conversations.create')
      reply = this.conversationsCreate(args);
    else if (method === 'conversations.list')
      reply = this.conversationsList(args);
    else reply = this.authTest();
    if (warning) {
      reply.body.warning = warning;
      reply.body.response_metadata = { warnings: [warning] };
    }
    return reply;
  }

  private postMessage(args: Record<string, unknown>): WebApiReply {
    const fail = (error: string) => ({
      status: 200,
      body: { ok: false, error },
    });
    const channelArg = typeof args.channel === 'string' ? args.channel : '';
    const channel = channelArg ? this.findChannel(channelArg) : undefined;
    if (!channel) return fail('channel_not_found');
    const structured = (value: unknown, error: string) => {
      if (typeof value !== 'string') return { value };
      try {
        return { value: JSON.parse(value) as unknown };
      } catch {
        return { error };
      }
    };
    const blocks = structured(args.blocks, 'invalid_blocks');
    if (blocks.error) return fail(blocks.error);
    const attachments = structured(args.attachments, 'invalid_attachments');
    if (attachments.error) return fail(attachments.error);
    if (blocks.value !== undefined && !Array.isArray(blocks.value)) {
      return fail('invalid_blocks_format');
    }
    if (attachments.value !== undefined && !Array.isArray(attachments.value)) {
      return fail('invalid_attachments');
    }
    const text = typeof args.text === 'string' ? args.text : undefined;
    if (!text && !hasContent(blocks.value) && !hasContent(attachments.value)) {
      return fail('no_text');
    }
    if (text && text.length > MAX_TEXT) return fail('msg_too_long');
    if (channel.is_archived) return fail('is_archived');
    if (channel.postingRestricted) return fail('restricted_action');
    const ts = this.nextTs();
    const threadTs =
      typeof args.thread_ts === 'string' && args.thread_ts !== ''
        ? args.thread_ts
        : undefined;
    const message: SlackMessage = {
      channel: channel.id,
      channelName: channel.name,
      ts,
      ...(text !== undefined ? { text } : {}),
      ...(Array.isArray(blocks.value) ? { blocks: blocks.value } : {}),
      ...(Array.isArray(attachments.value)
        ? { attachments: attachments.value }
        : {}),
      ...(threadTs ? { threadTs } : {}),
      ...(typeof args.username === 'string' ? { username: args.username } : {}),
      ...(typeof args.icon_emoji === 'string'
        ? { iconEmoji: args.icon_emoji }
        : {}),
      ...(typeof args.icon_url === 'string' ? { iconUrl: args.icon_url } : {}),
      via: 'chat.postMessage',
    };
    this.posted.push(message);
    return {
      status: 200,
      body: {
        ok: true,
        channel: channel.id,
        ts,
        message: {
          user: BOT_USER_ID,
          type: 'message',
          ts,
          bot_id: BOT_ID,
          app_id: APP_ID,
          text: text ?? '',
          team: this.teamId,
          bot_profile: {
            id: BOT_ID,
            app_id: APP_ID,
            name: 'Sandbox Bot',
            deleted: false,
            team_id: this.teamId,
          },
          ...(message.blocks ? { blocks: message.blocks } : {}),
          ...(message.attachments ? { attachments: message.attachments } : {}),
          ...(threadTs ? { thread_ts: threadTs } : {}),
        },
      },
    };
  }

  private conversationsCreate(args: Record<string, unknown>): WebApiReply {
    const fail = (error: string) => ({
      status: 200,
      body: { ok: false, error },
    });
    const name = typeof args.name === 'string' ? args.name : '';
    if (name === '') return fail('invalid_name_required');
    if (name.length > 80) return fail('invalid_name_maxlength');
    if (/^[-_]+$/.test(name)) return fail('invalid_name_punctuation');
    if (!/^[a-z0-9_-]+$/.test(name)) return fail('invalid_name_specials');
    if ([...this.channelStore.values()].some(c => c.name === name)) {
      return fail('name_taken');
    }
    const isPrivate = args.is_private === true || args.is_private === 'true';
    const channel = this.addChannel(name, { isPrivate });
    return {
      status: 200,
      body: { ok: true, channel: publicChannel(channel) },
    };
  }

  private conversationsList(args: Record<string, unknown>): WebApiReply {
    const excludeArchived =
      args.exclude_archived === true || args.exclude_archived === 'true';
    return {
      status: 200,
      body: {
        ok: true,
        channels: this.channels().filter(
          c => !excludeArchived || !c.is_archived,
        ),
        response_metadata: { next_cursor: '' },
      },
    };
  }

  private authTest(): WebApiReply {
    return {
      status: 200,
      body: {
        ok: true,
        url: `${this.url}/`,
        team: 'Sandbox',
        user: 'sandbox-bot',
        team_id: this.teamId,
        user_id: BOT_USER_ID,
        bot_id: BOT_ID,
        is_enterprise_install: false,
      },
    };
  }
}

function publicChannel(channel: ChannelState): SlackChannel {
  const { postingRestricted: _restricted, ...rest } = channel;
  return { ...rest };
}
