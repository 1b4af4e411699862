import {
  checkAuditUrl,
  isForbiddenAddress,
} from '@internal/backstage-plugin-lighthouse-common';
import express from 'express';
import dns from 'node:dns';
import net from 'node:net';

/*
 * In front of the upstream audit service: what reaches it may start a
 * browser, so
 * - POST /v1/audits audits only URLs the policy allows (lighthouse-common's
 *   checkAuditUrl), whose host does not resolve to a link-local or metadata
 *   address, and refuses the rest with a 400 before anything starts;
 * - the request's options are rebuilt: the Chromium binary, its debugging
 *   port and the wait are ours (upstream would launch any `chromePath` a
 *   caller names), and of Lighthouse's configuration only settings pass
 *   (a config's `gatherers`, `audits` or `plugins` load code by path);
 * - an audit id that is no UUID is a 404 (upstream: a PostgreSQL 500);
 * - GET /v1/url-policy?url= says whether a URL would be audited, and why
 *   not (the portal's card shows it).
 */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Lighthouse settings a caller may choose. */
const ALLOWED_SETTINGS = [
  'formFactor',
  'emulatedFormFactor',
  'screenEmulation',
  'throttlingMethod',
  'throttling',
  'onlyCategories',
  'skipAudits',
  'onlyAudits',
  'locale',
] as const;

export type AuditRequestGuardOptions = {
  allowedHosts: readonly string[];
  chromePath: string;
  upTimeoutMs: number;
  /** name resolution (tests replace it) */
  lookup?: (hostname: string) => Promise<string[]>;
};

async function systemLookup(hostname: string): Promise<string[]> {
  const addresses = await dns.promises.lookup(hostname, { all: true });
  return addresses.map(a => a.address);
}

/** A port nobody listens on (the kernel's pick), for one audit's Chromium. */
async function chromiumPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Whether `value` may be audited: the policy, then name resolution. */
export async function decideAuditUrl(
  value: unknown,
  options: AuditRequestGuardOptions,
): Promise<{ allowed: true } | { allowed: false; reason: string }> {
  const decision = checkAuditUrl(value, options.allowedHosts);
  if (!decision.allowed) return decision;
  const hostname = decision.url.hostname.replace(/^\[|\]$/g, '');
  if (net.isIP(hostname)) return { allowed: true };
  let addresses: string[];
  try {
    addresses = await (options.lookup ?? systemLookup)(hostname);
  } catch (error) {
    return {
      allowed: false,
      reason: `${hostname} cannot be resolved (${
        (error as { code?: string }).code ?? String(error)
      }).`,
    };
  }
  const forbidden = addresses.find(isForbiddenAddress);
  if (forbidden) {
    return {
      allowed: false,
      reason: `${hostname} resolves to ${forbidden}, a link-local or cloud metadata address, which is never audited.`,
    };
  }
  return { allowed: true };
}

function safeSettings(options: unknown): Record<string, unknown> {
  const settings = (options as any)?.lighthouseConfig?.settings;
  if (!settings || typeof settings !== 'object') return {};
  return Object.fromEntries(
    ALLOWED_SETTINGS.filter(k => k in settings).map(k => [k, settings[k]]),
  );
}

export function auditRequestGuard(
  options: AuditRequestGuardOptions,
): express.Router {
  const router = express.Router();
  router.use(express.json({ limit: '100kb' }));

  router.get('/v1/url-policy', async (req, res) => {
    const url = req.query.url;
    res.json(
      await decideAuditUrl(typeof url === 'string' ? url : undefined, options),
    );
  });

  router.post('/v1/audits', async (req, res, next) => {
    try {
      const decision = await decideAuditUrl(req.body?.url, options);
      if (!decision.allowed) {
        res
          .status(400)
          .type('text/plain')
          .send(`Audit refused: ${decision.reason}`);
        return;
      }
      req.body.options = {
        lighthouseConfig: { settings: safeSettings(req.body.options) },
        chromePath: options.chromePath,
        chromePort: await chromiumPort(),
        upTimeout: options.upTimeoutMs,
        awaitAuditCompleted: req.body.options?.awaitAuditCompleted === true,
      };
      next();
    } catch (error) {
      next(error);
    }
  });

  router.all(
    ['/v1/audits/:auditId', '/v1/audits/:auditId/website'],
    (req, res, next) => {
      if (!UUID.test(req.params.auditId)) {
        res
          .status(404)
          .type('text/plain')
          .send(`no audit found for id "${req.params.auditId.slice(0, 100)}"`);
        return;
      }
      next();
    },
  );
  return router;
}
