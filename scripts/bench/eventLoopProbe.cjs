/**
 * Preloaded into the bench's backend (`node --require`): measures how long
 * the backend's event loop was blocked, with perf_hooks' histogram, and
 * answers on a port of its own (BENCH_PROBE_PORT), so the backend under test
 * needs no endpoint for it.
 *
 *   POST /reset  starts a new measurement
 *   GET  /       { maxMs, p99Ms, meanMs } since the last reset
 *   POST /profile/start           starts V8's CPU profiler (yarn bench --cpu-profile)
 *   POST /profile/stop?file=PATH  stops it and writes a .cpuprofile to PATH
 *
 * The probe's own answers run on the same event loop; they are only asked
 * between the bench's phases.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { createServer } = require('node:http');
const { Session } = require('node:inspector');
const { writeFileSync } = require('node:fs');

const port = Number(process.env.BENCH_PROBE_PORT);
if (port) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = ns => Math.round((ns / 1e6) * 10) / 10;
  // In-process inspector session: the profiler samples this (the backend's)
  // thread, and the profile is written where the bench asks.
  let session;
  const post = (method, params) =>
    new Promise((resolve, reject) =>
      session.post(method, params, (error, result) =>
        error ? reject(error) : resolve(result),
      ),
    );
  const profile = async url => {
    if (url.pathname === '/profile/start') {
      session ??= new Session();
      session.connect();
      await post('Profiler.enable');
      await post('Profiler.start');
      return {};
    }
    const { profile } = await post('Profiler.stop');
    session.disconnect();
    writeFileSync(url.searchParams.get('file'), JSON.stringify(profile));
    return { nodes: profile.nodes.length };
  };
  const server = createServer((req, res) => {
    const url = new URL(req.url, 'http://probe');
    if (req.method === 'POST' && url.pathname.startsWith('/profile/')) {
      profile(url).then(
        body => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify(body));
        },
        error => {
          res.writeHead(500, { 'content-type': 'text/plain' });
          res.end(String(error));
        },
      );
      return;
    }
    if (req.method === 'POST' && req.url === '/reset') histogram.reset();
    const body = {
      maxMs: ms(histogram.max),
      p99Ms: ms(histogram.percentile(99)),
      meanMs: ms(histogram.mean),
    };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  });
  // Processes the backend forks inherit the preload; the backend itself
  // loads it first and holds the port, the others measure nothing.
  server.once('error', () => histogram.disable());
  server.listen(port, '127.0.0.1');
  server.unref();
}
