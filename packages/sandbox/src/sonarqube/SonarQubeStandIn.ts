import express from 'express';
import { FaultInjectingStandIn, InjectedFailure } from '../http';

/*
 * A stand-in for the SonarQube Server Web API
 * (https://next.sonarqube.com/sonarqube/web_api), for what the SonarQube
 * Backstage plugin (@backstage-community/plugin-sonarqube-backend) calls:
 *
 * - GET /api/components/show?component=<key>: the project and its last
 *   analysis date;
 * - GET /api/metrics/search?p=&ps=: the metric definitions, paginated;
 * - GET /api/measures/component?component=&metricKeys=: a project's measures;
 * - GET /api/system/status, the health check;
 * - user tokens as `Authorization: Basic base64(<token>:)` or
 *   `Authorization: Bearer <token>`, and SonarQube's answers: 401 with an
 *   empty body for a missing or unknown token, `{"errors":[{"msg"}]}` bodies
 *   for the rest.
 *
 * Simplified: only projects (qualifier TRK) exist, with the measures they
 * are seeded with; there are no branches, pull requests, permissions (every
 * valid token reads every project) or measure history, and the metric
 * catalogue is the subset the plugin asks for.
 */

/** A metric definition, as `api/metrics/search` lists it. */
export type SonarQubeMetric = {
  key: string;
  name: string;
  description: string;
  domain: string;
  type: 'INT' | 'FLOAT' | 'PERCENT' | 'RATING' | 'LEVEL';
  direction: -1 | 0 | 1;
  qualitative: boolean;
  hidden: boolean;
};

export type SonarQubeProjectSeed = {
  key: string;
  name: string;
  /** Default: an hour ago. */
  analysisDate?: Date;
  /** metric key -> value, as SonarQube returns them (strings) */
  measures: Record<string, string>;
};

export type SonarQubeStandInOptions = {
  port?: number;
  /** User tokens accepted; default `['sandbox-sonarqube-token']`. */
  tokens?: string[];
};

/** A request the stand-in received. */
export type SonarQubeRecordedRequest = {
  method: string;
  path: string;
  query: Record<string, unknown>;
};

type StoredProject = {
  key: string;
  name: string;
  analysisDate: string;
  measures: Map<string, string>;
};

const METRICS: SonarQubeMetric[] = [
  ['alert_status', 'Quality Gate Status', 'General', 'LEVEL', 1, true],
  ['bugs', 'Bugs', 'Reliability', 'INT', -1, false],
  [
    'reliability_rating',
    'Reliability Rating',
    'Reliability',
    'RATING',
    -1,
    true,
  ],
  ['vulnerabilities', 'Vulnerabilities', 'Security', 'INT', -1, false],
  ['security_rating', 'Security Rating', 'Security', 'RATING', -1, true],
  [
    'security_hotspots_reviewed',
    'Security Hotspots Reviewed',
    'SecurityReview',
    'PERCENT',
    1,
    true,
  ],
  [
    'security_review_rating',
    'Security Review Rating',
    'SecurityReview',
    'RATING',
    -1,
    true,
  ],
  ['code_smells', 'Code Smells', 'Maintainability', 'INT', -1, false],
  [
    'sqale_rating',
    'Maintainability Rating',
    'Maintainability',
    'RATING',
    -1,
    true,
  ],
  ['coverage', 'Coverage', 'Coverage', 'PERCENT', 1, true],
  [
    'duplicated_lines_density',
    'Duplicated Lines (%)',
    'Duplications',
    'PERCENT',
    -1,
    true,
  ],
  ['ncloc', 'Lines of Code', 'Size', 'INT', -1, false],
].map(([key, name, domain, type, direction, qualitative]) => ({
  key: key as string,
  name: name as string,
  description: `${name}`,
  domain: domain as string,
  type: type as SonarQubeMetric['type'],
  direction: direction as SonarQubeMetric['direction'],
  qualitative: qualitative as boolean,
  hidden: false,
}));

/** SonarQube's timestamps: `2024-01-15T10:20:30+0000`. */
function timestamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export class SonarQubeStandIn extends FaultInjectingStandIn {
  private readonly projects = new Map<string, StoredProject>();
  /** Every request received, in order. */
  readonly requests: SonarQubeRecordedRequest[] = [];

  private constructor(private readonly tokens: string[]) {
    super();
  }

  static async start(
    options: SonarQubeStandInOptions = {},
  ): Promise<SonarQubeStandIn> {
    const instance = new SonarQubeStandIn(
      options.tokens ?? ['sandbox-sonarqube-token'],
    );
    const app = express();
    app.disable('x-powered-by');
    app.use((req, res) => {
      instance.handle(req, res).catch(error => {
        if (!res.headersSent) {
          res.status(500).json({ errors: [{ msg: String(error) }] });
        }
      });
    });
    await instance.listen(app, options.port);
    return instance;
  }

  /** A project with an analysis and its measures. */
  seedProject(seed: SonarQubeProjectSeed): void {
    for (const metric of Object.keys(seed.measures)) {
      if (!METRICS.some(m => m.key === metric)) {
        throw new Error(`unknown metric ${metric}`);
      }
    }
    this.projects.set(seed.key, {
      key: seed.key,
      name: seed.name,
      analysisDate: timestamp(
        seed.analysisDate ?? new Date(Date.now() - 3600_000),
      ),
      measures: new Map(Object.entries(seed.measures)),
    });
  }

  private authenticated(req: express.Request): boolean {
    const header = req.header('authorization') ?? '';
    const [scheme, value = ''] = header.split(' ');
    let token: string | undefined;
    if (scheme?.toLowerCase() === 'bearer') token = value;
    if (scheme?.toLowerCase() === 'basic') {
      // the token is the user name, the password is empty
      const decoded = Buffer.from(value, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      token = colon === -1 ? decoded : decoded.slice(0, colon);
    }
    return token !== undefined && this.tokens.includes(token);
  }

  /** SonarQube's `{"errors":[{"msg"}]}`; a 401 has no body. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure,
  ): void {
    if (failure.status === 401) {
      res.status(401).end();
      return;
    }
    res.status(failure.status).json({
      errors: [
        {
          msg:
            failure.message ?? `An error has occurred (HTTP ${failure.status})`,
        },
      ],
    });
  }

  private async handle(req: express.Request, res: express.Response) {
    await this.injectedLatency();
    this.requests.push({
      method: req.method,
      path: req.path,
      query: req.query,
    });
    const error = (status: number, msg: string) =>
      res.status(status).json({ errors: [{ msg }] });

    if (req.path === '/api/system/status') {
      return res.json({ id: 'sandbox', version: '10.6.0.92116', status: 'UP' });
    }
    if (!this.authenticated(req)) {
      return res.status(401).end();
    }
    if (this.answerInjectedFailure(req, res)) return undefined;
    if (req.method !== 'GET') {
      return error(405, `HTTP method ${req.method} is not allowed`);
    }

    const param = (name: string) =>
      typeof req.query[name] === 'string' ? (req.query[name] as string) : '';

    switch (req.path) {
      case '/api/components/show': {
        const project = this.projects.get(param('component'));
        if (!project) {
          return error(404, `Component key '${param('component')}' not found`);
        }
        return res.json({
          component: {
            key: project.key,
            name: project.name,
            qualifier: 'TRK',
            analysisDate: project.analysisDate,
            visibility: 'private',
          },
          ancestors: [],
        });
      }
      case '/api/metrics/search': {
        const page = Math.max(1, Number(param('p') || 1));
        const pageSize = Math.min(500, Math.max(1, Number(param('ps') || 100)));
        const metrics = METRICS.slice((page - 1) * pageSize, page * pageSize);
        return res.json({
          metrics: metrics.map((m, i) => ({ id: String(i + 1), ...m })),
          total: METRICS.length,
          p: page,
          ps: pageSize,
        });
      }
      case '/api/measures/component': {
        const project = this.projects.get(param('component'));
        if (!project) {
          return error(404, `Component key '${param('component')}' not found`);
        }
        const keys = param('metricKeys').split(',').filter(Boolean);
        if (keys.length === 0) {
          return error(400, "The 'metricKeys' parameter is missing");
        }
        const unknown = keys.filter(k => !METRICS.some(m => m.key === k));
        if (unknown.length > 0) {
          return error(
            404,
            `The following metric keys are not found: ${unknown.join(', ')}`,
          );
        }
        return res.json({
          component: {
            key: project.key,
            name: project.name,
            qualifier: 'TRK',
            measures: keys
              .filter(k => project.measures.has(k))
              .map(k => ({ metric: k, value: project.measures.get(k)! })),
          },
        });
      }
      default:
        return error(404, `Unknown url : ${req.path}`);
    }
  }
}
