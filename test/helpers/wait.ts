/**
 * Calls `fn` until it returns a truthy value (returned) or `timeoutMs` passes. A throw counts as "not yet",
 * so `fn` may use assertions; on timeout the last failure is in the error, which says what never happened.
 */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs: number, intervalMs = 100): Promise<NonNullable<T>> {
  const until = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v as NonNullable<T>;
      last = null;
    } catch (e) {
      last = e;
    }
    if (Date.now() >= until) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = last instanceof Error ? last.message : last === null ? 'condition stayed false' : String(last);
  const err = new Error(`waitFor: timed out after ${timeoutMs} ms: ${why}`);
  if (last instanceof Error) err.cause = last;
  throw err;
}
