import crypto from 'node:crypto';
import fs from 'node:fs';
import { pseudonymisationSecretProblem } from '@internal/backstage-plugin-adoption-backend';
import { envVarsInYaml } from './requiredEnv';

/**
 * A shape a variable's value must have. `check` resolves to undefined when
 * the value has it, else to a short reason that never quotes the value:
 * these are secrets, and the reason ends up in the logs.
 */
export type EnvShape = {
  /** what the value must be, as in "GITHUB_APP_ID ... is not <what>" */
  what: string;
  check(value: string): string | undefined;
};

const whitespace = /\s/;

/** A GitHub App ID: what `integrations.github[].apps[].appId` is read as. */
const positiveInteger: EnvShape = {
  what: 'a positive integer',
  check(value) {
    // config's getNumber reads " 123\n" as 123, so only whitespace inside fails
    const trimmed = value.trim();
    if (!trimmed) return 'it is empty';
    if (whitespace.test(trimmed)) return 'it contains whitespace';
    if (!/^\d+$/.test(trimmed)) return 'it has characters other than digits';
    const number = Number(trimmed);
    if (number === 0) return 'it is 0';
    if (!Number.isSafeInteger(number)) return 'it is too large';
    return undefined;
  },
};

const port: EnvShape = {
  what: 'a port number (1-65535)',
  check(value) {
    const reason = positiveInteger.check(value);
    if (reason) return reason;
    return Number(value.trim()) > 65535 ? 'it is above 65535' : undefined;
  },
};

/** An absolute http(s) URL: a base URL, a proxy target, a webhook. */
const url: EnvShape = {
  what: 'an absolute http(s) URL',
  check(value) {
    if (!value) return 'it is empty';
    // new URL() would drop them, the plugins that append paths would not
    if (whitespace.test(value)) return 'it contains whitespace';
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      return 'it has no scheme (http:// or https://)';
    }
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return 'it does not parse as a URL';
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      return `its scheme is ${parsed.protocol.slice(0, -1)}, not http or https`;
    }
    if (!parsed.hostname) return 'it has no host';
    return undefined;
  },
};

/**
 * The Redis of `backend.cache.connection`: redis://[user:password@]host[:port]
 * or rediss:// (TLS), what the portal's cache service (src/cache) takes.
 */
const redisUrl: EnvShape = {
  what: 'a redis:// or rediss:// URL',
  check(value) {
    if (!value) return 'it is empty';
    if (whitespace.test(value)) return 'it contains whitespace';
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
      return 'it has no scheme (redis:// or rediss://)';
    }
    let parsed: URL;
    try {
      parsed = new URL(value);
    } catch {
      return 'it does not parse as a URL';
    }
    if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
      return `its scheme is ${parsed.protocol.slice(
        0,
        -1,
      )}, not redis or rediss`;
    }
    if (!parsed.hostname) return 'it has no host';
    return undefined;
  },
};

/** `-----BEGIN <label>-----` ... `-----END <label>-----` */
const pemBlock = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/;

function pemLabel(text: string): string | undefined {
  return text.match(pemBlock)?.[1];
}

function armourProblem(text: string): string | undefined {
  if (!/-----BEGIN [A-Z0-9 ]+-----/.test(text)) {
    return 'it has no -----BEGIN ...----- line';
  }
  if (!/-----END [A-Z0-9 ]+-----/.test(text)) {
    return 'it has no -----END ...----- line';
  }
  if (!pemLabel(text)) return 'its BEGIN and END lines do not match';
  return undefined;
}

/** OpenSSL's reason, without the error codes around it. */
function opensslReason(error: unknown): string {
  const message = (error as Error).message ?? String(error);
  return message.replace(/^error:[0-9A-F]+:/, '').replace(/::/, ': ');
}

/**
 * The GitHub App's private key, PEM. A value on one line with a literal `\n`
 * (two characters) between the lines is accepted: @backstage/integration
 * (`GithubAppManager`) turns each into a newline before using the key, and
 * so does this check.
 */
const githubAppPrivateKey: EnvShape = {
  what: 'a PEM private key',
  check(value) {
    if (!value.trim()) return 'it is empty';
    const pem = value.replace(/\\n/g, '\n');
    const armour = armourProblem(pem);
    if (armour) return armour;
    if (!/-----BEGIN [A-Z0-9 ]+-----\r?\n/.test(pem)) {
      return 'its lines are not separated by newlines (or a literal \\n)';
    }
    const label = pemLabel(pem)!;
    if (!label.endsWith('PRIVATE KEY')) {
      return `it is a ${label}, not a PRIVATE KEY`;
    }
    let key: crypto.KeyObject;
    try {
      key = crypto.createPrivateKey(pem);
    } catch (error) {
      return `the key does not load (${opensslReason(error)})`;
    }
    if (key.asymmetricKeyType !== 'rsa') {
      return `it is an ${key.asymmetricKeyType} key, GitHub App keys are RSA`;
    }
    return undefined;
  },
};

/**
 * A certificate authority as Kubernetes' `caData` takes it: the PEM
 * certificate(s), base64-encoded (`certificate-authority-data` of a
 * kubeconfig). The Kubernetes client decodes it with `Buffer.from(data,
 * 'base64')`, which skips what is not base64 instead of failing.
 */
const base64PemCertificate: EnvShape = {
  what: 'a base64-encoded PEM certificate',
  check(value) {
    if (!value.trim()) return 'it is empty';
    if (value.includes('-----BEGIN')) {
      return 'it is the PEM itself; base64-encode it (base64 -w0 ca.crt)';
    }
    const base64 = value.replace(/\s/g, '');
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(base64) || base64.length % 4 === 1) {
      return 'it is not base64';
    }
    const pem = Buffer.from(base64, 'base64').toString('utf8');
    const armour = armourProblem(pem);
    if (armour) return `decoded, ${armour}`;
    const label = pemLabel(pem)!;
    if (label !== 'CERTIFICATE') {
      return `decoded, it is a ${label}, not a CERTIFICATE`;
    }
    try {
      // eslint-disable-next-line no-new
      new crypto.X509Certificate(pem);
    } catch (error) {
      return `decoded, the certificate does not load (${opensslReason(error)})`;
    }
    return undefined;
  },
};

/**
 * A token of `backend.auth.externalAccess` (type static): the backend's own
 * rule (@backstage/backend-defaults, static tokens) refuses a shorter one or
 * one with whitespace, and the auth service then fails for every plugin.
 */
const staticAccessToken: EnvShape = {
  what: 'a static access token (8 or more characters, no whitespace)',
  check(value) {
    if (!value) return 'it is empty';
    if (whitespace.test(value)) return 'it contains whitespace';
    if (value.length < 8) return 'it is shorter than 8 characters';
    return undefined;
  },
};

/**
 * The key of the adoption plugin's pseudonymous user ids: the plugin's own
 * rule (it does not start with a shorter one), since user refs are easy to
 * guess and a short key would be too.
 */
const pseudonymisationSecret: EnvShape = {
  what: 'a pseudonymisation secret (32 or more characters, no whitespace)',
  check: pseudonymisationSecretProblem,
};

/** Passwords, client IDs and secrets, tokens sent as they are, host names. */
const anyString: EnvShape = {
  what: 'a string',
  check: () => undefined,
};

export const shapes = {
  positiveInteger,
  port,
  url,
  redisUrl,
  githubAppPrivateKey,
  base64PemCertificate,
  staticAccessToken,
  pseudonymisationSecret,
  anyString,
};

export type EnvShapeName = keyof typeof shapes;

/**
 * The shape of every variable the config files (app-config.yaml,
 * app-config.production.yaml) use, required or with a default: the one place
 * where it is decided. envShapes.test.ts fails when a config file uses a
 * variable that is not listed here.
 */
export const envShapes: Record<string, EnvShapeName> = {
  // backend.database
  POSTGRES_HOST: 'anyString', // a host name, an IP address or a socket folder
  POSTGRES_PORT: 'port',
  POSTGRES_USER: 'anyString',
  POSTGRES_PASSWORD: 'anyString',
  // backend.cache: the Redis the replicas share
  REDIS_URL: 'redisUrl',
  // backend.auth.externalAccess
  BACKEND_EXTERNAL_ACCESS_TOKEN: 'staticAccessToken',
  MCP_AGENT_TOKEN: 'staticAccessToken',
  // integrations.github: the GitHub App
  GITHUB_APP_ID: 'positiveInteger',
  GITHUB_APP_CLIENT_ID: 'anyString',
  GITHUB_APP_CLIENT_SECRET: 'anyString',
  GITHUB_WEBHOOK_SECRET: 'anyString',
  GITHUB_APP_PRIVATE_KEY: 'githubAppPrivateKey',
  // auth.providers
  GITHUB_CLIENT_ID: 'anyString',
  GITHUB_CLIENT_SECRET: 'anyString',
  OKTA_CLIENT_ID: 'anyString',
  OKTA_CLIENT_SECRET: 'anyString',
  OKTA_AUDIENCE: 'url',
  // kubernetes clusters
  K8S_PROD_US_TOKEN: 'anyString',
  K8S_PROD_US_CA: 'base64PemCertificate',
  K8S_STAGING_TOKEN: 'anyString',
  K8S_STAGING_CA: 'base64PemCertificate',
  SANDBOX_CA_DATA: 'base64PemCertificate',
  // argocd
  ARGOCD_URL: 'url',
  ARGOCD_USERNAME: 'anyString',
  ARGOCD_PASSWORD: 'anyString',
  ARGOCD_TOKEN: 'anyString',
  // proxy endpoints and entity-page cards
  PAGERDUTY_URL: 'url',
  PAGERDUTY_TOKEN: 'anyString',
  SLACK_WEBHOOK_URL: 'url',
  GRAFANA_URL: 'url',
  GRAFANA_TOKEN: 'anyString',
  SNYK_API_URL: 'url',
  SNYK_TOKEN: 'anyString',
  LIGHTHOUSE_AUDIT_SERVICE_URL: 'url',
  SONARQUBE_TOKEN: 'anyString',
  // vault
  VAULT_ADDR: 'url',
  VAULT_TOKEN: 'anyString',
  VAULT_NAMESPACE: 'anyString',
  // scorecard evidence
  ECR_REGISTRY_PASSWORD: 'anyString',
  // adoption insights: the users' pseudonymous ids
  ADOPTION_PSEUDONYMISATION_SECRET: 'pseudonymisationSecret',
};

/** A variable whose value does not have its shape. */
export type BadEnvShape = {
  name: string;
  /** the first config file that uses it */
  file: string;
  /** whether that file requires it (`${NAME}`) or has a default for it */
  required: boolean;
  what: string;
  reason: string;
};

/**
 * The variables the config files use whose values do not have their
 * shape. Unset variables are left to the missing-variable check; an empty
 * one with a default is not used (the default is), so it is not checked.
 */
export function findBadEnvShapes(
  configFiles: string[],
  env: Record<string, string | undefined>,
): BadEnvShape[] {
  const bad: BadEnvShape[] = [];
  const seen = new Set<string>();
  for (const file of configFiles) {
    if (!fs.existsSync(file)) continue;
    for (const { name, required } of envVarsInYaml(
      fs.readFileSync(file, 'utf8'),
    )) {
      const value = env[name];
      const shapeName = envShapes[name];
      if (seen.has(name) || value === undefined || !shapeName) continue;
      if (!required && value === '') continue;
      seen.add(name);
      const shape = shapes[shapeName];
      const reason = shape.check(value);
      if (reason) bad.push({ name, file, required, what: shape.what, reason });
    }
  }
  return bad;
}
