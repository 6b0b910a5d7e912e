/**
 * An error a user can act on, with the HTTP status it becomes. Raised once in the core and
 * turned into `{"detail": message}` by the app's error handler, so handlers stay thin.
 */
export class AppError extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 502 | 503 | 504,
    message: string,
  ) {
    super(message);
    this.name = "AppError";
  }
}

export const notFound = (what = "Benchmark id not found") => new AppError(404, what);
export const conflict = (what: string) => new AppError(409, what);
export const unauthorized = (what: string) => new AppError(401, what);
