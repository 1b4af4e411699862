import express from 'express';
import { randomUUID } from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';

/*
 * A stand-in for Grafana's HTTP API (https://grafana.com/docs/grafana/latest/
 * developers/http_api/), for what the Grafana Backstage plugin
 * (@backstage-community/plugin-grafana, through the portal's /grafana/api
 * proxy) calls:
 *
 * - GET /api/search: dashboards (`type=dash-db`, `tag`, `query`, `limit`,
 *   `page` counted from 1, a page below 1 being the first, as Grafana's);
 * - unified alerting: GET /api/ruler/grafana/api/v1/rules (rule groups by
 *   folder) and GET /api/prometheus/grafana/api/v1/alerts (alert instances
 *   with their state);
 * - GET /api/health, unauthenticated;
 * - service account tokens as `Authorization: Bearer <token>`, and Grafana's
 *   error bodies (`{"message", "messageId"?, "statusCode"?, "traceID"}`).
 *
 * Simplified: no folders' permissions, dashboard JSON models, legacy
 * (dashboard) alerting (`/api/alerts`, removed in Grafana 11) or rule
 * evaluation: an alert rule's instances and their states are seeded.
 */

export type GrafanaDashboardSeed = {
  title: string;
  tags?: string[];
  /** Default: the "General" folder. */
  folder?: string;
  /** Default: derived from the title. */
  uid?: string;
};

/** A dashboard as `GET /api/search` lists it. */
export type GrafanaDashboardHit = {
  id: number;
  uid: string;
  title: string;
  uri: string;
  url: string;
  slug: string;
  type: 'dash-db';
  tags: string[];
  isStarred: boolean;
  folderId?: number;
  folderUid?: string;
  folderTitle?: string;
  folderUrl?: string;
  sortMeta: number;
};

export type GrafanaAlertState =
  | 'Normal'
  | 'Pending'
  | 'Alerting'
  | 'NoData'
  | 'Error';

export type GrafanaAlertRuleSeed = {
  title: string;
  labels: Record<string, string>;
  /** Default `Services`. */
  folder?: string;
  /** Default `default`. */
  group?: string;
  /** The states of the rule's instances; default one `Normal` instance. */
  instances?: GrafanaAlertState[];
};

export type GrafanaStandInOptions = {
  port?: number;
  /** Service account tokens accepted; default `['sandbox-grafana-token']`. */
  tokens?: string[];
};

/** A request the stand-in received. */
export type GrafanaRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, unknown>;
};

type StoredFolder = { id: number; uid: string; title: string };

type StoredDashboard = {
  id: number;
  uid: string;
  title: string;
  tags: string[];
  folder?: StoredFolder;
};

type StoredRule = {
  uid: string;
  title: string;
  labels: Record<string, string>;
  folder: StoredFolder;
  group: string;
  instances: GrafanaAlertState[];
  createdAt: string;
};

const MESSAGES: Record<number, string> = {
  400: 'bad request data',
  401: 'Invalid API key',
  403: 'You do not have permission to perform this action',
  404: 'Not found',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** Grafana's error body. */
function sendError(res: express.Response, status: number, message?: string) {
  return res.status(status).json({
    message: message ?? MESSAGES[status] ?? `HTTP ${status}`,
    ...(status === 401
      ? { messageId: 'api-keys.invalid', statusCode: 401 }
      : {}),
    traceID: '',
  });
}

function slugify(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

export class GrafanaStandIn extends FaultInjectingStandIn {
  private readonly folders = new Map<string, StoredFolder>();
  private readonly dashboards: StoredDashboard[] = [];
  private readonly rules: StoredRule[] = [];
  private nextId = 1;
  /** Every request received, in order. */
  readonly requests: GrafanaRecordedRequest[] = [];

  private constructor(private readonly tokens: string[]) {
    super();
  }

  static async start(
    options: GrafanaStandInOptions = {},
  ): Promise<GrafanaStandIn> {
    const instance = new GrafanaStandIn(
      options.tokens ?? ['sandbox-grafana-token'],
    );
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent) {
          res.status(500).json({ message: String(error), traceID: '' });
        }
      });
    });
    await instance.listen(app, options.port);
    return instance;
  }

  seedDashboard(seed: GrafanaDashboardSeed): GrafanaDashboardHit {
    const dashboard: StoredDashboard = {
      id: this.nextId++,
      uid: seed.uid ?? slugify(seed.title).slice(0, 40),
      title: seed.title,
      tags: seed.tags ?? [],
      folder: seed.folder ? this.folder(seed.folder) : undefined,
    };
    this.dashboards.push(dashboard);
    return this.renderDashboard(dashboard);
  }

  seedAlertRule(seed: GrafanaAlertRuleSeed): void {
    this.rules.push({
      uid: randomUUID().replace(/-/g, '').slice(0, 14),
      title: seed.title,
      labels: seed.labels,
      folder: this.folder(seed.folder ?? 'Services'),
      group: seed.group ?? 'default',
      instances: seed.instances ?? ['Normal'],
      createdAt: new Date().toISOString(),
    });
  }

  private folder(title: string): StoredFolder {
    let folder = this.folders.get(title);
    if (!folder) {
      folder = { id: this.nextId++, uid: slugify(title), title };
      this.folders.set(title, folder);
    }
    return folder;
  }

  private renderDashboard(d: StoredDashboard): GrafanaDashboardHit {
    const slug = slugify(d.title);
    return {
      id: d.id,
      uid: d.uid,
      title: d.title,
      uri: `db/${slug}`,
      url: `/d/${d.uid}/${slug}`,
      slug: '',
      type: 'dash-db',
      tags: d.tags,
      isStarred: false,
      ...(d.folder
        ? {
            folderId: d.folder.id,
            folderUid: d.folder.uid,
            folderTitle: d.folder.title,
            folderUrl: `/dashboards/f/${d.folder.uid}/${slugify(
              d.folder.title,
            )}`,
          }
        : {}),
      sortMeta: 0,
    };
  }

  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    sendError(res, failure.status, failure.message);
  }

  private async handle(req: express.Request, res: express.Response) {
    await this.injectedLatency();
    this.requests.push({
      method: req.method,
      path: req.path,
      query: req.query,
    });
    const error = (status: number, message?: string) =>
      sendError(res, status, message);

    if (req.path === '/api/health') {
      return res.json({
        commit: 'sandbox',
        database: 'ok',
        version: '11.2.0',
      });
    }
    const [scheme, token] = (req.header('authorization') ?? '').split(' ');
    if (scheme?.toLowerCase() !== 'bearer' || !this.tokens.includes(token)) {
      return error(401);
    }
    if (this.answerInjectedFailure(req, res)) return undefined;
    if (req.method !== 'GET') return error(404);

    switch (req.path) {
      case '/api/search':
        return res.json(this.search(req.query));
      case '/api/ruler/grafana/api/v1/rules':
        return res.json(this.ruleGroupsByFolder());
      case '/api/prometheus/grafana/api/v1/alerts':
        return res.json({
          status: 'success',
          data: { alerts: this.alertInstances() },
        });
      default:
        return error(404);
    }
  }

  private search(query: express.Request['query']): GrafanaDashboardHit[] {
    const list = (value: unknown): string[] => {
      if (value === undefined) return [];
      return (Array.isArray(value) ? value : [value]).map(String);
    };
    const types = list(query.type);
    if (types.length > 0 && !types.includes('dash-db')) return [];
    const tags = list(query.tag);
    const text = String(query.query ?? '').toLowerCase();
    const limit = Math.min(5000, Number(query.limit ?? 1000) || 1000);
    const page = Math.max(1, Number(query.page ?? 1) || 1);
    return this.dashboards
      .filter(d => tags.every(t => d.tags.includes(t)))
      .filter(d => d.title.toLowerCase().includes(text))
      .sort((a, b) => a.title.localeCompare(b.title))
      .slice((page - 1) * limit, page * limit)
      .map(d => this.renderDashboard(d));
  }

  private ruleGroupsByFolder() {
    const byFolder: Record<
      string,
      { name: string; interval: string; rules: unknown[] }[]
    > = {};
    for (const rule of this.rules) {
      const groups = (byFolder[rule.folder.title] ??= []);
      let group = groups.find(g => g.name === rule.group);
      if (!group) {
        group = { name: rule.group, interval: '1m', rules: [] };
        groups.push(group);
      }
      group.rules.push({
        expr: '',
        for: '5m',
        labels: rule.labels,
        annotations: {},
        grafana_alert: {
          id: this.rules.indexOf(rule) + 1,
          orgId: 1,
          title: rule.title,
          condition: 'C',
          data: [],
          updated: rule.createdAt,
          intervalSeconds: 60,
          version: 1,
          uid: rule.uid,
          namespace_uid: rule.folder.uid,
          rule_group: rule.group,
          no_data_state: 'NoData',
          exec_err_state: 'Error',
          is_paused: false,
        },
      });
    }
    return byFolder;
  }

  private alertInstances() {
    return this.rules.flatMap(rule =>
      rule.instances.map((state, i) => ({
        labels: {
          ...rule.labels,
          alertname: rule.title,
          grafana_folder: rule.folder.title,
          instance: `${i}`,
        },
        annotations: {},
        state,
        activeAt: rule.createdAt,
        value: '',
      })),
    );
  }
}
