import type { Config } from '@backstage/config';
import { NotAllowedError } from '@backstage/errors';
import type { NextFunction, Request, Response } from 'express';
import crypto from 'node:crypto';
import path from 'node:path';

/*
 * MCP agent tokens (docs/mcp.md): the static external-access tokens of
 * backend.auth.externalAccess whose accessRestrictions name the
 * `mcp-actions` plugin. They are accepted on the MCP server
 * (/api/mcp-actions) only, and refused with 403 everywhere else.
 *
 * Why: accessRestrictions are checked where a request enters a plugin. The
 * MCP server runs a tool by calling the tool's plugin on the caller's
 * behalf, which for a static token is allowed only to the plugins the token
 * names; so an agent token must name catalog, search, techdocs, scorecard
 * (and scaffolder, for dry runs). Named there, it could also call those
 * plugins' whole APIs directly, as a service the permission policy does not
 * govern: register and delete catalog entities, create scorecard
 * exemptions. Through the MCP server it reaches only the tools of
 * backend.actions, none of which writes.
 */

const MCP_SERVER = /^\/api\/mcp-actions(\/|$)/;

type ExternalAccessEntry = {
  type?: string;
  options?: { token?: string };
  accessRestrictions?: { plugin?: string }[];
};

const digest = (token: string) =>
  crypto.createHash('sha256').update(token).digest('hex');

/** The MCP agent tokens of the configuration, as SHA-256 digests. */
export function mcpAgentTokenDigests(config: Config): Set<string> {
  const entries = (config.getOptional<ExternalAccessEntry[]>(
    'backend.auth.externalAccess',
  ) ?? []) as ExternalAccessEntry[];
  return new Set(
    entries
      .filter(
        e =>
          e.type === 'static' &&
          typeof e.options?.token === 'string' &&
          e.accessRestrictions?.some(r => r.plugin === 'mcp-actions'),
      )
      .map(e => digest(e.options!.token!)),
  );
}

/** Whether the request's path is the MCP server's, also once decoded. */
export function isMcpServerPath(rawPath: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath);
  } catch {
    return false;
  }
  return (
    MCP_SERVER.test(rawPath) && MCP_SERVER.test(path.posix.normalize(decoded))
  );
}

/** Mounted in front of every plugin (src/index.ts, rootHttpRouter). */
export function mcpAgentGuard(config: Config) {
  const agentTokens = mcpAgentTokenDigests(config);
  return (req: Request, _res: Response, next: NextFunction) => {
    if (agentTokens.size > 0) {
      const token = /^Bearer[ ]+(\S+)$/i.exec(
        req.headers.authorization ?? '',
      )?.[1];
      if (
        token &&
        agentTokens.has(digest(token)) &&
        !isMcpServerPath(req.path)
      ) {
        next(
          new NotAllowedError(
            'This token is an MCP agent token: it is accepted on the MCP server (/api/mcp-actions/v1) only',
          ),
        );
        return;
      }
    }
    next();
  };
}
