import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import {
  SNYK_VERSION_PATTERN,
  paginate,
  sendDocument,
  sendErrors,
} from './jsonApi';
import { SnykModel, SnykProjectSeed } from './model';

/*
 * A stand-in for Snyk's REST API (https://api.snyk.io/rest), the part the
 * portal's Snyk card and tab read:
 *
 * - GET /rest/orgs/{org_id}
 * - GET /rest/orgs/{org_id}/targets?display_name=&url=
 * - GET /rest/orgs/{org_id}/projects?target_id=
 * - GET /rest/orgs/{org_id}/issues?scan_item.id=&scan_item.type=project&status=
 *
 * As the real API: `Authorization: token <API token>` (401 otherwise), a
 * `version` query parameter on every request (400 without one), JSON:API
 * documents (`application/vnd.api+json`) with cursor pagination (`limit`
 * 10-100, `starting_after`, `links.next` as a path from the host), JSON:API
 * error documents, 404 for an organization the token cannot see, and 429
 * with `Retry-After` (injected with `failNext(..., 429)`).
 *
 * Simplified: one token sees every organization; no groups, no filters
 * beyond those above, issues carry a subset of their attributes.
 */

export type SnykStandInOptions = {
  port?: number;
  /** API tokens accepted; default `['sandbox-snyk-token']`. */
  tokens?: string[];
  /** seconds in the Retry-After of an injected 429; default 1 */
  retryAfterSeconds?: number;
};

export type SnykRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, unknown>;
};

export class SnykStandIn extends FaultInjectingStandIn {
  readonly model = new SnykModel();
  readonly requests: SnykRecordedRequest[] = [];

  private constructor(
    private readonly tokens: string[],
    private readonly retryAfterSeconds: number,
  ) {
    super();
  }

  static async start(options: SnykStandInOptions = {}): Promise<SnykStandIn> {
    const instance = new SnykStandIn(
      options.tokens ?? ['sandbox-snyk-token'],
      options.retryAfterSeconds ?? 1,
    );
    const app = express();
    app.disable('x-powered-by');
    app.use('/rest', instance.router());
    app.use((_req, res) => sendErrors(res, 404, 'Not found'));
    await instance.listen(app, options.port);
    return instance;
  }

  /** A project with its issues, and its organization and target. */
  seedProject(seed: SnykProjectSeed): void {
    this.model.seed(seed);
  }

  /** A JSON:API error document; a 429 with `Retry-After`. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    if (failure.status === 429) {
      res.setHeader('retry-after', String(this.retryAfterSeconds));
    }
    sendErrors(
      res,
      failure.status,
      failure.message ?? `Request failed (HTTP ${failure.status})`,
    );
  }

  private authenticated(req: express.Request): boolean {
    const [scheme, token] = (req.header('authorization') ?? '').split(' ');
    return (
      ['token', 'bearer'].includes(scheme?.toLowerCase() ?? '') &&
      this.tokens.includes(token ?? '')
    );
  }

  private router(): express.Router {
    const router = express.Router();
    router.use((req, res, next) => {
      this.requests.push({
        method: req.method,
        path: req.path,
        query: req.query,
      });
      this.injectedLatency().then(() => {
        if (!this.authenticated(req)) {
          return sendErrors(
            res,
            401,
            'Authentication credentials not recognized, or user access is not provisioned. Revise credentials and try again, or request access from your Snyk administrator.',
          );
        }
        if (this.answerInjectedFailure(req, res)) return undefined;
        const version = req.query.version;
        if (typeof version !== 'string' || !version) {
          return sendErrors(
            res,
            400,
            'The version query parameter is required.',
          );
        }
        if (!SNYK_VERSION_PATTERN.test(version)) {
          return sendErrors(res, 400, `Invalid version "${version}".`);
        }
        if (req.method !== 'GET') {
          return sendErrors(res, 405, `Method ${req.method} not allowed`);
        }
        return next();
      }, next);
    });

    const org = (req: express.Request, res: express.Response) => {
      const found = this.model.orgs.get(req.params.orgId);
      if (!found) {
        sendErrors(res, 404, `Org ${req.params.orgId} was not found.`);
      }
      return found;
    };
    const param = (req: express.Request, name: string) =>
      typeof req.query[name] === 'string'
        ? (req.query[name] as string)
        : undefined;
    const list = <T extends { id: string }>(
      req: express.Request,
      res: express.Response,
      items: T[],
      toResource: (item: T) => object,
    ) => {
      const result = paginate(req, items);
      if ('error' in result) return sendErrors(res, 400, result.error);
      const links = Object.fromEntries(
        Object.entries(result.links).map(([k, v]) => [k, `/rest${v}`]),
      );
      return sendDocument(res, { data: result.page.map(toResource), links });
    };

    router.get('/orgs/:orgId', (req, res) => {
      const found = org(req, res);
      if (!found) return undefined;
      return sendDocument(res, {
        data: {
          id: found.id,
          type: 'org',
          attributes: { name: found.name, slug: found.slug },
        },
        links: { self: `/rest${req.path}` },
      });
    });

    router.get('/orgs/:orgId/targets', (req, res) => {
      const found = org(req, res);
      if (!found) return undefined;
      const displayName = param(req, 'display_name');
      const url = param(req, 'url');
      const targets = [...this.model.targets.values()].filter(
        t =>
          t.orgId === found.id &&
          (!displayName || t.displayName.includes(displayName)) &&
          (!url || t.url === url),
      );
      return list(req, res, targets, t => ({
        id: t.id,
        type: 'target',
        attributes: {
          display_name: t.displayName,
          url: t.url,
          is_private: true,
        },
      }));
    });

    router.get('/orgs/:orgId/projects', (req, res) => {
      const found = org(req, res);
      if (!found) return undefined;
      const targetIds = param(req, 'target_id')?.split(',');
      const ids = param(req, 'ids')?.split(',');
      const projects = [...this.model.projects.values()].filter(
        p =>
          p.orgId === found.id &&
          (!targetIds || targetIds.includes(p.targetId)) &&
          (!ids || ids.includes(p.id)),
      );
      return list(req, res, projects, p => ({
        id: p.id,
        type: 'project',
        attributes: {
          name: p.name,
          type: p.type,
          target_file: p.targetFile,
          origin: 'github',
          status: 'active',
        },
        relationships: { target: { data: { id: p.targetId, type: 'target' } } },
      }));
    });

    router.get('/orgs/:orgId/issues', (req, res) => {
      const found = org(req, res);
      if (!found) return undefined;
      const scanItemId = param(req, 'scan_item.id');
      const scanItemType = param(req, 'scan_item.type');
      if (scanItemId && scanItemType !== 'project') {
        return sendErrors(
          res,
          400,
          'scan_item.type is required with scan_item.id and must be project or environment',
        );
      }
      const status = param(req, 'status');
      const issues = this.model.issues.filter(
        i =>
          i.orgId === found.id &&
          (!scanItemId || i.projectId === scanItemId) &&
          (!status || i.status === status),
      );
      return list(req, res, issues, i => ({
        id: i.id,
        type: 'issue',
        attributes: {
          key: i.key,
          title: i.title,
          type: i.type,
          status: i.status,
          effective_severity_level: i.effectiveSeverityLevel,
          created_at: i.createdAt,
          problems: [
            { id: i.problemId, source: 'SNYK', type: 'vulnerability' },
          ],
        },
        relationships: {
          organization: { data: { id: i.orgId, type: 'organization' } },
          scan_item: { data: { id: i.projectId, type: 'project' } },
        },
      }));
    });
    return router;
  }
}
