// Typed errors: handlers throw these; one error handler turns them into the contract's error shape.
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const Errors = {
  validation: (message: string) => new AppError(400, 'VALIDATION_FAILED', message),
  badRequest: (code: string, message: string) => new AppError(400, code, message),
  invalidCursor: () => new AppError(400, 'INVALID_CURSOR', 'The cursor is not valid for this list'),
  unauthenticated: (message = 'Authentication required') => new AppError(401, 'UNAUTHENTICATED', message),
  invalidCredentials: () => new AppError(401, 'INVALID_CREDENTIALS', 'Email or password is incorrect'),
  forbidden: (message = 'You may not do this') => new AppError(403, 'FORBIDDEN', message),
  emailNotVerified: () => new AppError(403, 'EMAIL_NOT_VERIFIED', 'Confirm your email address first: follow the link in the verification mail'),
  pendingApproval: () => new AppError(403, 'PENDING_APPROVAL', 'Your registration is waiting for an admin to approve it'),
  suspended: (until?: Date | null) =>
    new AppError(403, 'SUSPENDED', until ? `Your account is suspended until ${until.toISOString()}` : 'Your account is suspended'),
  rejected: (reason?: string | null) =>
    new AppError(403, 'REGISTRATION_REJECTED', reason ? `Your application was not approved: ${reason}` : 'Your application was not approved'),
  notFound: (what = 'Resource') => new AppError(404, 'NOT_FOUND', `${what} not found`),
  conflict: (message: string, code = 'CONFLICT') => new AppError(409, code, message),
  emailTaken: () => new AppError(409, 'EMAIL_TAKEN', 'An account with this email already exists'),
  rateLimited: (message = 'Too many requests, try again later') => new AppError(429, 'RATE_LIMITED', message),
  unprocessable: (code: string, message: string) => new AppError(422, code, message),
  unavailable: (message = 'Service unavailable') => new AppError(503, 'UNAVAILABLE', message),
};
