import express from 'express';
import { randomUUID } from 'node:crypto';
import { listen, RunningServer } from '../http';

/**
 * A stand-in for HashiCorp Vault's HTTP API: the `sys/mounts`, `sys/policy`
 * and `sys/health` endpoints, with Vault's status codes and error bodies
 * (`{"errors": [...]}`), token checks, namespaces (Vault Enterprise's
 * `X-Vault-Namespace`), sealing, latency and injected failures.
 *
 * State is kept in memory per namespace. Reference:
 * https://developer.hashicorp.com/vault/api-docs/system/mounts and
 * https://developer.hashicorp.com/vault/api-docs/system/policy
 */

export type VaultMount = {
  type: string;
  description: string;
  options: Record<string, string> | null;
  accessor: string;
  uuid: string;
  local: boolean;
  seal_wrap: boolean;
  config: Record<string, unknown>;
};

/** What a token may do: path prefixes below /v1/ ("*" for everything). */
export type VaultTokenGrant = { paths: string[] };

export type VaultStandInOptions = {
  /** Tokens and their grants; default: one root token, "sandbox-root-token". */
  tokens?: Record<string, VaultTokenGrant>;
  /** Enterprise namespaces besides the root one. */
  namespaces?: string[];
  port?: number;
};

type NamespaceState = {
  mounts: Map<string, VaultMount>;
  policies: Map<string, string>;
};

type InjectedFailure = {
  method: string;
  path: RegExp;
  status: number;
  errors: string[];
  times: number;
};

const BUILTIN_MOUNTS: Record<string, Partial<VaultMount>> = {
  'cubbyhole/': {
    type: 'cubbyhole',
    description: 'per-token private secret storage',
    local: true,
  },
  'identity/': { type: 'identity', description: 'identity store' },
  'secret/': {
    type: 'kv',
    description: 'key/value secret storage',
    options: { version: '2' },
  },
  'sys/': {
    type: 'system',
    description: 'system endpoints used for control, policy and debugging',
  },
};
const BUILTIN_POLICIES = ['default', 'root'];
const KNOWN_ENGINES = new Set([
  'kv',
  'transit',
  'pki',
  'database',
  'aws',
  'ssh',
  'totp',
]);

export class VaultStandIn {
  private readonly namespaces = new Map<string, NamespaceState>();
  private readonly failures: InjectedFailure[] = [];
  private sealed = false;
  private latencyMs = 0;
  /** Every request received: method, path below /v1/, namespace. */
  readonly requests: { method: string; path: string; namespace: string }[] = [];

  private server?: RunningServer;

  private constructor(
    private readonly tokens: Record<string, VaultTokenGrant>,
  ) {}

  static async start(options: VaultStandInOptions = {}): Promise<VaultStandIn> {
    const tokens = options.tokens ?? { 'sandbox-root-token': { paths: ['*'] } };
    const instance = new VaultStandIn(tokens);
    const app = express();
    app.use(express.json({ type: () => true }));
    app.use((req, res, next) => instance.handle(req, res, next));
    instance.server = await listen(app, options.port);
    instance.namespaces.set('', newNamespace());
    for (const ns of options.namespaces ?? [])
      instance.namespaces.set(ns, newNamespace());
    return instance;
  }

  get url(): string {
    return this.server!.url;
  }

  async close(): Promise<void> {
    await this.server?.close();
  }

  seal(): void {
    this.sealed = true;
  }

  unseal(): void {
    this.sealed = false;
  }

  /** Delays every answer; pair with a client timeout to test timeouts. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /** The next `times` matching requests fail with this status and errors. */
  failNext(
    method: string,
    path: RegExp,
    status: number,
    errors: string[] = [],
    times = 1,
  ): void {
    this.failures.push({
      method: method.toUpperCase(),
      path,
      status,
      errors,
      times,
    });
  }

  mounts(namespace = ''): Record<string, VaultMount> {
    return Object.fromEntries(this.ns(namespace).mounts);
  }

  policies(namespace = ''): Record<string, string> {
    return Object.fromEntries(this.ns(namespace).policies);
  }

  /** Adds a mount directly, e.g. to set up a conflicting engine. */
  addMount(
    path: string,
    type: string,
    options: Record<string, string> | null = null,
    namespace = '',
  ) {
    this.ns(namespace).mounts.set(
      normalizeMountPath(path),
      mount(type, '', options),
    );
  }

  private ns(name: string): NamespaceState {
    const state = this.namespaces.get(name);
    if (!state) throw new Error(`no namespace ${name}`);
    return state;
  }

  private async handle(
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) {
    if (this.latencyMs) await new Promise(r => setTimeout(r, this.latencyMs));
    if (!req.path.startsWith('/v1/')) return next();
    const path = decodeURIComponent(req.path.slice('/v1/'.length));
    const namespace = String(req.header('x-vault-namespace') ?? '').replace(
      /^\/|\/$/g,
      '',
    );
    this.requests.push({ method: req.method, path, namespace });
    const fail = (status: number, errors: string[]) =>
      res.status(status).json({ errors });

    if (path === 'sys/health') {
      return this.sealed
        ? res
            .status(503)
            .json({ initialized: true, sealed: true, standby: false })
        : res.status(200).json({
            initialized: true,
            sealed: false,
            standby: false,
            version: '1.17.0',
          });
    }
    if (this.sealed) return fail(503, ['Vault is sealed']);

    const token = req.header('x-vault-token');
    const grant = token ? this.tokens[token] : undefined;
    if (!grant) return fail(403, ['permission denied']);
    if (!grant.paths.some(p => p === '*' || path.startsWith(p))) {
      return fail(403, ['1 error occurred:\n\t* permission denied\n\n']);
    }

    const state = this.namespaces.get(namespace);
    if (!state) {
      return fail(404, [
        `no handler for route "${path}". route entry not found.`,
      ]);
    }

    const failure = this.failures.find(
      f => f.method === req.method && f.path.test(path),
    );
    if (failure) {
      failure.times -= 1;
      if (failure.times <= 0)
        this.failures.splice(this.failures.indexOf(failure), 1);
      return fail(failure.status, failure.errors);
    }

    if (path === 'sys/mounts' && req.method === 'GET') {
      const data = Object.fromEntries(state.mounts);
      return res.json({ ...envelope(data), ...data });
    }
    const mountMatch = path.match(/^sys\/mounts\/(.+)$/);
    if (mountMatch) {
      const mountPath = normalizeMountPath(mountMatch[1]);
      if (req.method === 'POST') {
        // Vault refuses a mount inside, or around, an existing one.
        const existing = [...state.mounts.keys()].find(
          m => mountPath.startsWith(m) || m.startsWith(mountPath),
        );
        if (existing)
          return fail(400, [`path is already in use at ${existing}`]);
        let type = String(req.body?.type ?? '');
        let options =
          (req.body?.options as Record<string, string> | undefined) ?? null;
        if (type === 'kv-v2') {
          type = 'kv';
          options = { ...options, version: '2' };
        }
        if (!KNOWN_ENGINES.has(type))
          return fail(400, [`plugin not found in the catalog: ${type}`]);
        state.mounts.set(
          mountPath,
          mount(type, String(req.body?.description ?? ''), options),
        );
        return res.status(204).end();
      }
      if (req.method === 'DELETE') {
        state.mounts.delete(mountPath);
        return res.status(204).end();
      }
    }
    if (path === 'sys/policy' && req.method === 'GET') {
      const keys = [...BUILTIN_POLICIES, ...state.policies.keys()];
      return res.json({
        ...envelope({ keys, policies: keys }),
        keys,
        policies: keys,
      });
    }
    const policyMatch = path.match(/^sys\/policy\/(.+)$/);
    if (policyMatch) {
      const name = policyMatch[1].toLowerCase();
      if (req.method === 'GET') {
        const rules = state.policies.get(name);
        if (rules === undefined) return fail(404, []);
        return res.json({ ...envelope({ name, rules }), name, rules });
      }
      if (req.method === 'PUT' || req.method === 'POST') {
        const rules = req.body?.policy ?? req.body?.rules;
        if (typeof rules !== 'string' || rules.trim() === '') {
          return fail(400, ["'policy' parameter not supplied or empty"]);
        }
        if (BUILTIN_POLICIES.includes(name))
          return fail(400, [`cannot update ${name} policy`]);
        state.policies.set(name, rules);
        return res.status(204).end();
      }
      if (req.method === 'DELETE') {
        state.policies.delete(name);
        return res.status(204).end();
      }
    }
    return fail(404, [
      `no handler for route "${path}". route entry not found.`,
    ]);
  }
}

function newNamespace(): NamespaceState {
  const mounts = new Map<string, VaultMount>();
  for (const [path, m] of Object.entries(BUILTIN_MOUNTS)) {
    mounts.set(
      path,
      mount(m.type!, m.description ?? '', m.options ?? null, m.local),
    );
  }
  return { mounts, policies: new Map() };
}

function mount(
  type: string,
  description: string,
  options: Record<string, string> | null,
  local = false,
): VaultMount {
  return {
    type,
    description,
    options,
    accessor: `${type}_${randomUUID().slice(0, 8)}`,
    uuid: randomUUID(),
    local,
    seal_wrap: false,
    config: { default_lease_ttl: 0, max_lease_ttl: 0, force_no_cache: false },
  };
}

function normalizeMountPath(path: string): string {
  return `${path.replace(/^\/+|\/+$/g, '')}/`;
}

function envelope(data: unknown) {
  return {
    request_id: randomUUID(),
    lease_id: '',
    renewable: false,
    lease_duration: 0,
    data,
    wrap_info: null,
    warnings: null,
    auth: null,
  };
}
