/**
 * A start-up failure the operator can fix (a bad path, a port in use, a file that is not a database).
 * `main` prints its message as one line, without a stack, and exits non-zero.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}
