import { MAX_DETAIL_BYTES, type ChannelResult } from './run-exec';

/** Why a fetch failed: undici hides the socket error (ECONNREFUSED, ...) in `cause`. */
function failure(err: unknown, timeoutMs: number): string {
  const e = err as Error & { cause?: unknown };
  if (e.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  const cause = e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return `${e.message}${cause}`;
}

/**
 * POSTs `body` as JSON to `url`; a 2xx answer is ok, redirects are not followed. The whole exchange, answer included,
 * has `timeoutMs`. Never throws: a connection error or a timeout gives code -1 and why.
 */
export async function postWebhook(url: string, body: unknown, timeoutMs: number): Promise<ChannelResult> {
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = Buffer.from(await res.arrayBuffer()).subarray(0, MAX_DETAIL_BYTES).toString('utf8').trimEnd();
    const ok = res.status >= 200 && res.status < 300;
    return { code: res.status, ok, detail: [`HTTP ${res.status}`, answer].filter(Boolean).join(': ') };
  } catch (err) {
    return { code: -1, ok: false, detail: failure(err, timeoutMs) };
  }
}
