import { Backend, TOKEN } from './backend';
import { log } from './log';

/** Requests to the backend under test and the routes the bench reads. */

/**
 * A kept-alive socket the server closed while this process was busy (the
 * generator blocks the event loop for seconds under load) fails the next
 * request before any byte reached the backend. Every route the bench calls
 * is idempotent, so such a request is sent again on a new connection.
 */
const STALE_SOCKET = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

export async function api(
  backend: Backend,
  path: string,
  init: { method?: string; body?: string; timeoutMs?: number } = {},
): Promise<{ status: number; body: any }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await request(backend, path, init);
    } catch (error) {
      const code = ((error as Error).cause as { code?: string })?.code;
      if (attempt >= 3 || !code || !STALE_SOCKET.has(code)) throw error;
      log(`${path.split('?')[0]}: ${code}, sending again`);
    }
  }
}

async function request(
  backend: Backend,
  path: string,
  init: { method?: string; body?: string; timeoutMs?: number },
): Promise<{ status: number; body: any }> {
  const res = await fetch(`${backend.baseUrl}${path}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${TOKEN}`,
      ...(init.body && { 'content-type': 'application/json' }),
    },
    body: init.body,
    signal: AbortSignal.timeout(init.timeoutMs ?? 120_000),
  }).catch(error => {
    // undici says only "fetch failed"; the cause names what happened.
    throw new Error(`${error.message}: ${error.cause?.message ?? ''}`);
  });
  const text = await res.text();
  let body: any = text;
  try {
    body = JSON.parse(text);
  } catch {
    // keep text
  }
  return { status: res.status, body };
}

export const isoOf = (ms: number) => new Date(ms).toISOString();
export const metricPath = (
  metric: 'dora' | 'toil' | 'oncall',
  ref: string,
  w: { from: number; to: number },
) =>
  `/api/devops-insights/v1/${metric}?entityRef=${encodeURIComponent(
    ref,
  )}&from=${isoOf(w.from)}&to=${isoOf(w.to)}`;
export const doraPath = (ref: string, w: { from: number; to: number }) =>
  metricPath('dora', ref, w);
