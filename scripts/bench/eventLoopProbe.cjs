/**
 * Preloaded into the bench's backend (`node --require`): measures how long
 * the backend's event loop was blocked, with perf_hooks' histogram, and
 * answers on a port of its own (BENCH_PROBE_PORT), so the backend under test
 * needs no endpoint for it.
 *
 *   POST /reset  starts a new measurement
 *   GET  /       { maxMs, p99Ms, meanMs } since the last reset
 *
 * The probe's own answers run on the same event loop; they are only asked
 * between the bench's phases.
 */
const { monitorEventLoopDelay } = require('node:perf_hooks');
const { createServer } = require('node:http');

const port = Number(process.env.BENCH_PROBE_PORT);
if (port) {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const ms = ns => Math.round((ns / 1e6) * 10) / 10;
  const server = createServer((req, res) => {
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
