import express from 'express';
import { randomUUID } from 'node:crypto';
import { FaultInjectingStandIn, InjectedFailure } from '../http';
import type { StandInTls } from '../tls';

/**
 * A stand-in for HashiCorp Vault's HTTP API: the `sys/mounts`, `sys/policy`
 * and `sys/health` endpoints and the KV version 2 secrets engine (`data/`
 * read and write, `metadata/` list, as the Vault Backstage plugin lists a
 * service's secrets), with Vault's status codes and error bodies
 * (`{"errors": [...]}`), token checks, namespaces (Vault Enterprise's
 * `X-Vault-Namespace`), sealing, latency and injected failures (`failNext`
 * paths are below `/v1/`, e.g. `/^sys\/mounts/`; the message is the error
 * or the list of errors of Vault's `{"errors": [...]}`).
 *
 * Simplified: KV v2 keeps only the current version of a secret (no
 * `versions`, soft delete, `cas` or custom metadata), and KV v1 mounts do
 * not serve secrets. State is kept in memory per namespace. Reference:
 * https://developer.hashicorp.com/vault/api-docs/system/mounts,
 * https://developer.hashicorp.com/vault/api-docs/system/policy and
 * https://developer.hashicorp.com/vault/api-docs/secret/kv/kv-v2
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
  /**
   * Serve HTTPS with this certificate, as Vault does (clients trust
   * `tls.ca`: VAULT_CACERT, node-vault's requestOptions.ca); plain HTTP
   * without it.
   */
  tls?: StandInTls;
};

type StoredSecret = {
  data: Record<string, unknown>;
  createdTime: string;
  version: number;
};

type NamespaceState = {
  mounts: Map<string, VaultMount>;
  policies: Map<string, string>;
  /** KV v2 secrets: mount path (with trailing /) -> secret path -> secret */
  secrets: Map<string, Map<string, StoredSecret>>;
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

export class VaultStandIn extends FaultInjectingStandIn<string | string[]> {
  private readonly namespaces = new Map<string, NamespaceState>();
  private sealed = false;
  /** Every request received: method, path below /v1/, namespace. */
  readonly requests: { method: string; path: string; namespace: string }[] = [];

  private constructor(
    private readonly tokens: Record<string, VaultTokenGrant>,
  ) {
    super();
  }

  static async start(options: VaultStandInOptions = {}): Promise<VaultStandIn> {
    const tokens = options.tokens ?? { 'sandbox-root-token': { paths: ['*'] } };
    const instance = new VaultStandIn(tokens);
    const app = express();
    app.use(express.json({ type: () => true }));
    app.use((req, res, next) => instance.handle(req, res, next));
    await instance.listen(app, options.port, options.tls);
    instance.namespaces.set('', newNamespace());
    for (const ns of options.namespaces ?? [])
      instance.namespaces.set(ns, newNamespace());
    return instance;
  }

  seal(): void {
    this.sealed = true;
  }

  unseal(): void {
    this.sealed = false;
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

  /**
   * Writes a secret to a KV version 2 mount (created as `kv-v2` when
   * missing), as `POST /v1/<mount>/data/<path>` would.
   */
  putSecret(
    mountPath: string,
    secretPath: string,
    data: Record<string, unknown>,
    namespace = '',
  ): void {
    const state = this.ns(namespace);
    const key = normalizeMountPath(mountPath);
    if (!state.mounts.has(key)) {
      state.mounts.set(key, mount('kv', '', { version: '2' }));
    }
    writeSecret(state, key, secretPath.replace(/^\/+|\/+$/g, ''), data);
  }

  /** Vault's `{"errors": [...]}`: the failure's error(s), or none. */
  protected sendInjectedFailure(
    res: express.Response,
    failure: InjectedFailure<string | string[]>,
  ): void {
    const { message } = failure;
    let errors: string[] = [];
    if (Array.isArray(message)) errors = message;
    else if (message !== undefined) errors = [message];
    res.status(failure.status).json({ errors });
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
    await this.injectedLatency();
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

    if (this.answerInjectedFailure(req, res, path)) return undefined;

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
    const kv = handleKv(state, req, path);
    if (kv) return res.status(kv.status).json(kv.body);

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

type KvReply = { status: number; body: unknown };

/**
 * KV v2 below a mount: read and write `<mount>/data/<path>`, list
 * `<mount>/metadata/<path>` (`GET` with `?list=true`; Node's HTTP server
 * does not accept Vault's `LIST` verb). Undefined when the path is not below
 * a KV v2 mount.
 */
function handleKv(
  state: NamespaceState,
  req: express.Request,
  path: string,
): KvReply | undefined {
  const mountPath = [...state.mounts.keys()]
    .filter(m => path.startsWith(m))
    .sort((a, b) => b.length - a.length)[0];
  const engine = mountPath ? state.mounts.get(mountPath) : undefined;
  if (!mountPath || engine?.type !== 'kv' || engine.options?.version !== '2') {
    return undefined;
  }
  const rest = path.slice(mountPath.length);
  const [, section, secretPath = ''] =
    rest.match(/^(data|metadata)\/?(.*)$/) ?? [];
  const notFound = { status: 404, body: { errors: [] } };
  const secrets = state.secrets.get(mountPath) ?? new Map();
  if (
    section === 'metadata' &&
    req.method === 'GET' &&
    req.query.list === 'true'
  ) {
    const prefix = secretPath.replace(/\/+$/, '');
    const below = prefix ? `${prefix}/` : '';
    const keys = new Set<string>();
    for (const key of secrets.keys()) {
      if (!key.startsWith(below)) continue;
      const [head, ...tail] = key.slice(below.length).split('/');
      keys.add(tail.length > 0 ? `${head}/` : head);
    }
    if (keys.size === 0) return notFound;
    return { status: 200, body: envelope({ keys: [...keys].sort() }) };
  }
  if (section === 'data' && req.method === 'GET') {
    const secret = secrets.get(secretPath.replace(/\/+$/, ''));
    if (!secret) return notFound;
    return {
      status: 200,
      body: envelope({ data: secret.data, metadata: secretMetadata(secret) }),
    };
  }
  if (section === 'data' && (req.method === 'POST' || req.method === 'PUT')) {
    const data = req.body?.data;
    if (typeof data !== 'object' || data === null || Array.isArray(data)) {
      return { status: 400, body: { errors: ['no data provided'] } };
    }
    const secret = writeSecret(state, mountPath, secretPath, data);
    return { status: 200, body: envelope(secretMetadata(secret)) };
  }
  if (section === undefined) {
    return {
      status: 404,
      body: {
        errors: [`no handler for route "${path}". route entry not found.`],
      },
    };
  }
  return {
    status: 405,
    body: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] },
  };
}

function writeSecret(
  state: NamespaceState,
  mountPath: string,
  secretPath: string,
  data: Record<string, unknown>,
): StoredSecret {
  const secrets = state.secrets.get(mountPath) ?? new Map();
  state.secrets.set(mountPath, secrets);
  const previous = secrets.get(secretPath);
  const secret = {
    data,
    createdTime: new Date().toISOString(),
    version: (previous?.version ?? 0) + 1,
  };
  secrets.set(secretPath, secret);
  return secret;
}

function secretMetadata(secret: StoredSecret) {
  return {
    created_time: secret.createdTime,
    custom_metadata: null,
    deletion_time: '',
    destroyed: false,
    version: secret.version,
  };
}

function newNamespace(): NamespaceState {
  const mounts = new Map<string, VaultMount>();
  for (const [path, m] of Object.entries(BUILTIN_MOUNTS)) {
    mounts.set(
      path,
      mount(m.type!, m.description ?? '', m.options ?? null, m.local),
    );
  }
  return { mounts, policies: new Map(), secrets: new Map() };
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
