import express from 'express';
import type { Pool } from 'pg';
import TransportStream from 'winston-transport';

/*
 * Why an audit FAILED. The upstream service marks an audit FAILED (completed
 * without a report) when the site does not answer, Chromium does not start or
 * Lighthouse throws, and only logs why. This keeps that log line per audit in
 * the service's database and adds it to the API's answers as
 * `failureReason`, so the portal can say why.
 */

const KNOWN_FAILURES: [RegExp, (upTimeoutS: number) => string][] = [
  [
    /^failed when waiting on the url to become available\s*/,
    s => `The website did not answer with a success status within ${s} s: `,
  ],
  [
    /^failed to launch puppeteer browser\.?\s*/,
    () => 'Chromium could not start: ',
  ],
  [
    /^failed while running lighthouse audit\.?\s*/,
    () => 'Lighthouse could not audit the page: ',
  ],
];

/** The log message of a failure, as a sentence for people. */
export function describeFailure(message: string, upTimeoutMs: number): string {
  for (const [pattern, prefix] of KNOWN_FAILURES) {
    if (pattern.test(message)) {
      return `${prefix(Math.round(upTimeoutMs / 1000))}${message
        .replace(pattern, '')
        .trim()}`.slice(0, 2000);
    }
  }
  return message.trim().slice(0, 2000);
}

type AuditLike = { id?: unknown; status?: unknown; failureReason?: string };

function failedAudits(body: unknown): AuditLike[] {
  const found: AuditLike[] = [];
  const visit = (value: unknown, depth: number) => {
    if (!value || typeof value !== 'object' || depth > 3) return;
    if (Array.isArray(value)) {
      for (const v of value) visit(v, depth + 1);
      return;
    }
    const audit = value as AuditLike & Record<string, unknown>;
    if (audit.status === 'FAILED' && typeof audit.id === 'string') {
      found.push(audit);
    }
    visit(audit.items, depth + 1);
    visit(audit.audits, depth + 1);
    visit(audit.lastAudit, depth + 1);
  };
  visit(body, 0);
  return found;
}

export class FailureReasons {
  private constructor(
    private readonly pool: Pool,
    private readonly upTimeoutMs: number,
  ) {}

  /** Creates the table (after the upstream service's migration). */
  static async create(pool: Pool, options: { upTimeoutMs: number }) {
    await pool.query(`
      CREATE TABLE IF NOT EXISTS lighthouse_audit_failures (
        audit_id uuid PRIMARY KEY
          REFERENCES lighthouse_audits (id) ON DELETE CASCADE,
        reason text NOT NULL,
        time_created timestamptz NOT NULL DEFAULT now()
      )`);
    return new FailureReasons(pool, options.upTimeoutMs);
  }

  async record(auditId: string, message: string): Promise<void> {
    await this.pool.query(
      `INSERT INTO lighthouse_audit_failures (audit_id, reason)
       VALUES ($1, $2) ON CONFLICT (audit_id) DO NOTHING`,
      [auditId, describeFailure(message, this.upTimeoutMs)],
    );
  }

  async lookup(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const { rows } = await this.pool.query(
      'SELECT audit_id, reason FROM lighthouse_audit_failures WHERE audit_id = ANY($1::uuid[])',
      [ids],
    );
    return new Map(rows.map(r => [r.audit_id, r.reason]));
  }

  /** A winston transport for the upstream logger: its audit errors, kept. */
  transport(onError: (error: unknown) => void): TransportStream {
    const record = (auditId: string, message: string) =>
      this.record(auditId, message).catch(onError);
    class FailureTransport extends TransportStream {
      log(info: Record<string, unknown>, next: () => void) {
        const auditId = info.auditId;
        // the level before formats (colorize) rewrote `info.level`
        const level = (info as any)[Symbol.for('level')] ?? info.level;
        if (level === 'error' && typeof auditId === 'string') {
          record(auditId, String(info.message));
        }
        next();
      }
    }
    return new FailureTransport({ level: 'error' });
  }

  /** Adds `failureReason` to every FAILED audit the API answers with. */
  middleware(): express.RequestHandler {
    return (req, res, next) => {
      if (req.method !== 'GET') {
        next();
        return;
      }
      const json = res.json.bind(res);
      res.json = (body: unknown) => {
        const failed = failedAudits(body);
        if (failed.length === 0) return json(body);
        this.lookup([...new Set(failed.map(a => a.id as string))]).then(
          reasons => {
            for (const audit of failed) {
              audit.failureReason =
                reasons.get(audit.id as string) ??
                'The audit service did not record why (it may have restarted during the audit).';
            }
            json(body);
          },
          () => json(body),
        );
        return res;
      };
      next();
    };
  }
}
