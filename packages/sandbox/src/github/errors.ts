import type express from 'express';

export const DOCS = 'https://docs.github.com/rest';

/** A field error in GitHub's 422 bodies. */
export type GitHubFieldError = {
  resource: string;
  code: string;
  field?: string;
  message?: string;
};

/** GitHub's error body: message, errors, documentation_url, status. */
export function errorBody(
  status: number,
  message: string,
  options: { documentationUrl?: string; errors?: GitHubFieldError[] } = {},
) {
  return {
    message,
    ...(options.errors ? { errors: options.errors } : {}),
    documentation_url: options.documentationUrl ?? DOCS,
    status: String(status),
  };
}

export function sendError(
  res: express.Response,
  status: number,
  message: string,
  options: { documentationUrl?: string; errors?: GitHubFieldError[] } = {},
) {
  return res.status(status).json(errorBody(status, message, options));
}

export const notFound = (res: express.Response, documentationUrl?: string) =>
  sendError(res, 404, 'Not Found', { documentationUrl });

/** `422 Validation Failed` with field errors. */
export const validationFailed = (
  res: express.Response,
  errors: GitHubFieldError[],
  documentationUrl?: string,
) => sendError(res, 422, 'Validation Failed', { errors, documentationUrl });

/** Wraps an async handler so that a rejection reaches Express's error handler. */
export function asyncHandler(
  fn: (
    req: express.Request,
    res: express.Response,
    next: express.NextFunction,
  ) => Promise<unknown>,
): express.RequestHandler {
  return (req, res, next) => {
    fn(req, res, next).catch(next);
  };
}

export const STATUS_MESSAGES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Bad credentials',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  422: 'Validation Failed',
  429: 'API rate limit exceeded',
  500: 'Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};
