// Load generator for bench/teams.bench.ts, run in its own process so the client's work does not share the
// app's event loop (as with real Teams). argv: url n concurrency; stdin: JSON { token, bodies: string[] }.
// Prints JSON { latencies: number[], statuses: Record<string, number>, elapsedMs }.
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";

const [url, nArg, cArg] = process.argv.slice(2);
const n = Number(nArg);
const concurrency = Number(cArg);
const chunks = [];
for await (const c of process.stdin) chunks.push(c);
const { token, bodies } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
const target = new URL(url);

function post(body) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const req = request(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: "POST",
        headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body), authorization: `Bearer ${token}` },
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
