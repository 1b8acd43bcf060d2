/** The current instant as the ISO-8601 UTC text every timestamp column stores. */
export function nowIso(now: Date = new Date()): string {
  return now.toISOString();
}
