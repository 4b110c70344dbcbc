/**
 * A failed bridge call with a message the user can act on. Transports send only `name` and
 * `message` to the renderer: never a stack, a path outside the session or a secret.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';

  /** `field`: the input the message is about (a credential's name), for the screen to show it there. */
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** The error body a transport sends for any failure; unknown errors keep only their message. */
export function errorBody(err: unknown): { error: { name: string; message: string; field?: string } } {
  if (err instanceof SessionError && err.field !== undefined)
    return { error: { name: err.name, message: err.message, field: err.field } };
  if (err instanceof Error) return { error: { name: err.name, message: err.message } };
  return { error: { name: 'Error', message: String(err) } };
}
