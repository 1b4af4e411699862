import type express from 'express';

/*
 * What a route answers (`Reply`), and PagerDuty's error bodies:
 * `{"error": {"message", "code", "errors"?}}`.
 */

export type Reply = { status: number; body?: unknown };

export const ok = (body: unknown): Reply => ({ status: 200, body });

/** PagerDuty's messages and error codes, by HTTP status. */
const ERRORS: Record<number, { message: string; code: number }> = {
  400: { message: 'Invalid Input Provided', code: 2001 },
  401: { message: 'Authentication failed', code: 2006 },
  403: { message: 'Access Denied', code: 2010 },
  404: { message: 'Not Found', code: 2100 },
  408: { message: 'The request took too long to process', code: 2016 },
  429: { message: 'Rate Limit Exceeded', code: 2020 },
  500: {
    message:
      'An internal error has occurred. PagerDuty team has been notified.',
    code: 2000,
  },
};

export function errorReply(
  status: number,
  errors?: string[],
  message?: string,
): Reply {
  const known = ERRORS[status] ?? {
    message: `HTTP ${status}`,
    code: 2000,
  };
  return {
    status,
    body: {
      error: {
        message: message ?? known.message,
        code: known.code,
        ...(errors ? { errors } : {}),
      },
    },
  };
}

export function sendReply(res: express.Response, reply: Reply) {
  res.status(reply.status);
  if (reply.body === undefined) {
    res.end();
    return;
  }
  res.type('application/json; charset=utf-8').send(JSON.stringify(reply.body));
}
