// Load generator for bench/slack.bench.ts, run in its own process so the client's work does not share the
// app's event loop (as with real Slack). argv: url secret n concurrency; stdin: JSON array of bodies.
// Prints JSON { latencies: number[], statuses: Record<string, number>, elapsedMs }.
// Tried and dropped: autocannon 9 with a distinct body per request (setupRequest) gave half the throughput and a
// worse p99 than these plain keep-alive http.request calls on this 2-core machine.
import { createHmac } from "node:crypto";
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

const [url, secret, nArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const bodies = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

// Slack signs its requests on its own machines: sign every body before the clock starts, so the client's
// HMACs do not compete with the app for this machine's two cores during the run (valid for 5 minutes).
const ts = Math.floor(Date.now() / 1000);
const signatures = new Map(bodies.map((b) => [b, `v0=${createHmac("sha256", secret).update(`v0:${ts}:${b}`).digest("hex")}`]));

function post(body) {
  const sig = signatures.get(body);
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          "content-length": Buffer.byteLength(body),
          "x-slack-request-timestamp": String(ts),
          "x-slack-signature": sig,
        },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve({ ms: performance.now() - t0, status: res.statusCode }));
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

const latencies = [];
const statuses = {};
let next = 0;
const started = performance.now();
await Promise.all(
  Array.from({ length: concurrency }, async () => {
    for (;;) {
      const i = next++;
      if (i >= n) return;
      const r = await post(bodies[i % bodies.length]);
      latencies.push(r.ms);
      statuses[r.status] = (statuses[r.status] ?? 0) + 1;
    }
  }),
);
process.stdout.write(JSON.stringify({ latencies, statuses, elapsedMs: performance.now() - started }));
agent.destroy();
