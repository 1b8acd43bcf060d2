/** One line per failed request: when, which request, what broke. Never sent to the browser. */
export function logRequestError(requestId: string, method: string, path: string, error: unknown): void {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const where = error instanceof Error && error.stack ? error.stack.split('\n')[1]?.trim() ?? '' : '';
  console.error(
    JSON.stringify({ level: 'error', time: new Date().toISOString(), requestId, method, path, error: message, at: where }),
  );
}
