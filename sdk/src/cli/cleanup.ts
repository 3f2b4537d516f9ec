/**
 * Cleanups of database contexts that are open right now, so that a signal (Ctrl-C) can still stop an
 * embedded PostgreSQL this process started. Kept apart from the context itself, which imports the
 * whole platform: the bin installs its signal handlers without loading it.
 */
const open = new Set<() => Promise<void>>();

export function registerCleanup(close: () => Promise<void>): () => void {
  open.add(close);
  return () => open.delete(close);
}

/** Closes whatever contexts are open (for SIGINT/SIGTERM); each cleanup runs once. */
export async function closeOpenContexts(): Promise<void> {
  await Promise.allSettled([...open].map((close) => close()));
}
