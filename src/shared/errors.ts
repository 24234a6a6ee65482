/** An error whose status and message are safe to show to the user. */
export class AppError extends Error {
  constructor(
    readonly statusCode: number,
    /** Translation key of the message shown to the user. */
    readonly messageKey: string,
  ) {
    super(messageKey);
    this.name = 'AppError';
  }
}

export const notFound = () => new AppError(404, 'errors.notFound');
export const forbidden = () => new AppError(403, 'errors.forbidden');
export const conflict = (messageKey: string) => new AppError(409, messageKey);
