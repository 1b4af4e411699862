/**
 * Argo CD serves its REST API through grpc-gateway (v1): every error is a
 * gRPC status, answered with the HTTP status grpc-gateway maps its code to
 * and the body `{"error": msg, "code": n, "message": msg}` (`details` is
 * omitted when empty, as grpc-gateway's `omitempty` does).
 */

export const GRPC = {
  Unknown: 2,
  InvalidArgument: 3,
  NotFound: 5,
  AlreadyExists: 6,
  PermissionDenied: 7,
  ResourceExhausted: 8,
  FailedPrecondition: 9,
  Aborted: 10,
  Unimplemented: 12,
  Internal: 13,
  Unavailable: 14,
  Unauthenticated: 16,
} as const;

/** grpc-gateway's `HTTPStatusFromCode`. */
const HTTP_STATUS: Record<number, number> = {
  0: 200,
  1: 408,
  2: 500,
  3: 400,
  4: 504,
  5: 404,
  6: 409,
  7: 403,
  8: 429,
  9: 400,
  10: 409,
  11: 400,
  12: 501,
  13: 500,
  14: 503,
  15: 500,
  16: 401,
};

/** The gRPC code an injected HTTP failure is reported with. */
const CODE_FOR_HTTP: Record<number, number> = {
  400: GRPC.InvalidArgument,
  401: GRPC.Unauthenticated,
  403: GRPC.PermissionDenied,
  404: GRPC.NotFound,
  408: 1,
  409: GRPC.Aborted,
  429: GRPC.ResourceExhausted,
  500: GRPC.Internal,
  501: GRPC.Unimplemented,
  503: GRPC.Unavailable,
  504: 4,
};

/** A gRPC status on its way to the client. */
export class GrpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
    private readonly status?: number,
  ) {
    super(message);
  }

  get httpStatus(): number {
    return this.status ?? HTTP_STATUS[this.code] ?? 500;
  }

  get body() {
    return { error: this.message, code: this.code, message: this.message };
  }

  /** An error for an injected HTTP status (see `failNext`). */
  static forHttpStatus(status: number, message: string): GrpcError {
    return new GrpcError(
      CODE_FOR_HTTP[status] ?? GRPC.Unknown,
      message,
      status,
    );
  }
}

export const permissionDenied = () =>
  new GrpcError(GRPC.PermissionDenied, 'permission denied');

export const invalidArgument = (message: string) =>
  new GrpcError(GRPC.InvalidArgument, message);

export const notFound = (resource: string, name: string) =>
  new GrpcError(GRPC.NotFound, `${resource}.argoproj.io "${name}" not found`);
