// vitest globalSetup: a throw-away certificate authority and a localhost certificate for the fake Entra ID
// (tests/fakes/entra-id.ts), made with openssl before any test process starts. NODE_EXTRA_CA_CERTS is read by
// Node only when a process starts, so it is set here, in the parent, and every test worker forked after this
// trusts the fake login endpoint exactly as a deployment trusts a private CA (README "Testing").
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "ragtime-tls-"));
  const run = (...args: string[]) => execFileSync("openssl", args, { cwd: dir, stdio: "pipe" });
  run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=ragtime test CA", "-keyout", "ca.key", "-out", "ca.pem");
  run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr");
  writeFileSync(join(dir, "ext.cnf"), "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n");
  run(
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca.key",
    "-CAcreateserial",
    "-days",
    "2",
    "-extfile",
    "ext.cnf",
    "-out",
    "server.pem",
  );
  process.env.NODE_EXTRA_CA_CERTS = join(dir, "ca.pem");
  process.env.RAGTIME_TEST_TLS_DIR = dir;
  return () => rmSync(dir, { recursive: true, force: true });
}
