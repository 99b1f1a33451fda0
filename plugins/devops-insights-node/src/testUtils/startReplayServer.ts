import http from 'node:http';
import { AddressInfo } from 'node:net';

/**
 * One canned answer of {@link startReplayServer}.
 * @public
 */
export type ReplayReply = {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
};

/**
 * A local HTTP server answering requests with `replies` in order (500 once
 * they run out) and recording each request's path and headers. For tests of
 * HTTP clients.
 * @public
 */
export async function startReplayServer(replies: ReplayReply[]) {
  const seen: http.IncomingHttpHeaders[] = [];
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    seen.push(req.headers);
    paths.push(req.url ?? '');
    const reply = replies.shift() ?? { status: 500 };
    res.writeHead(reply.status, {
      'content-type': 'application/json',
      ...reply.headers,
    });
    res.end(reply.body === undefined ? '' : JSON.stringify(reply.body));
  });
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    /** Request headers, in order. */
    seen,
    /** Request paths with query, in order. */
    paths,
    close: () => new Promise<void>(r => server.close(() => r())),
  };
}
