/**
 * The one application error type. `code` is stable for clients, `message` is shown to the
 * user in Chinese; the status comes from one table, never from the throw site.
 */
export type ErrorCode =
  | 'bad_request'
  | 'validation'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'rate_limited'
  | 'payload_too_large'
  | 'import_invalid'
  | 'internal';

const STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  validation: 400,
  import_invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal: 500,
};

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }
  get status(): number {
    return STATUS[this.code];
  }
}

/** Shorthands for the common cases, with the Chinese messages users see. */
export const notFound = (what = '记录') => new AppError('not_found', `${what}不存在或不在您的管辖范围内`);
export const forbidden = (why = '您没有执行此操作的权限') => new AppError('forbidden', why);
export const conflict = (why: string) => new AppError('conflict', why);
export const badRequest = (why: string, details?: unknown) => new AppError('bad_request', why, details);
