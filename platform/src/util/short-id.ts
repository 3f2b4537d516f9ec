/**
 * The last 12 hex digits of a uuid (its random part for v7): short, stable, safe in identifiers.
 * A module of its own, free of Node's globals: field types reach the browser (the studio's
 * expression checker builds a model from them), and ids.ts allocates a Buffer when loaded.
 */
export function shortId(uuid: string): string {
  return uuid.replace(/-/g, '').slice(-12);
}
