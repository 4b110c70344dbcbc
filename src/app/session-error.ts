/**
 * A failed bridge call with a message the user can act on. Transports send only `name` and
 * `message` to the renderer: never a stack, a path outside the session or a secret.
 */
export class SessionError extends Error {
  override readonly name = 'SessionError';
}

/** The error body a transport sends for any failure; unknown errors keep only their message. */
export function errorBody(err: unknown): { error: { name: string; message: string } } {
  if (err instanceof Error) return { error: { name: err.name, message: err.message } };
  return { error: { name: 'Error', message: String(err) } };
}
