// Shared by the admin tests: a loopback sink that answers as each subscriber's path asks, and
// the real weftd started on a config of its own (sandbox connection, spool, admin listener
// with a token), with helpers to call the admin API.
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";

export const TOKEN = "weft-admin-test-token-" + "0123456789abcdef0123456789";
const SPOOL_KEY = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

export function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

// Answers by path: /ok 200, /refuse 400, /flaky 503 the first time it sees an event id and
// 200 after that.
export async function startSink() {
  const requests = [];
  const seen = new Set();
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const id = req.headers["webhook-id"];
      let status = 200;
      if (req.url === "/refuse") status = 400;
      if (req.url === "/flaky" && !seen.has(id)) { seen.add(id); status = 503; }
      requests.push({ path: req.url, id, status, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(status).end();
    });
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  return { server, requests, port: server.address().port };
}

// subscribers: [{id, path, events?, extra?}] YAML-written under `subscribers:`.
export async function startWeftd(weftdPath, { sinkPort, subscribers, interval = "0s",
                                              ackBudget = "1s" }) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "weft-admin-"));
  const configPath = path.join(dir, "weftd.yaml");
  const subs = subscribers.map((s) => `
  - id: ${s.id}
    url: http://127.0.0.1:${sinkPort}${s.path}
    secrets: [whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw]
    events: ${JSON.stringify(s.events || ["ats.*"])}
    timeout: 5s${s.extra ? "\n    " + s.extra : ""}`).join("");
  writeFileSync(configPath, `
server:
  listen: 127.0.0.1:0
  ack_budget: ${ackBudget}
admin:
  listen: 127.0.0.1:0
  token: \${env:WEFT_ADMIN_TOKEN}
spool:
  path: ${path.join(dir, "spool")}
  key: \${env:WEFT_SPOOL_KEY}
network:
  allow_private: [127.0.0.0/8]
connections:
  - id: demo-sandbox
    tenant: demo
    provider: sandbox
    environment: sandbox
    secrets: [sandbox-demo-secret]
    sandbox: {interval: ${interval}, seed: 7}
subscribers:${subs}
`);
  const daemon = spawn(weftdPath, ["--config", configPath], {
    stdio: ["ignore", "inherit", "pipe"],
    env: { ...process.env, WEFT_ADMIN_TOKEN: TOKEN, WEFT_SPOOL_KEY: SPOOL_KEY },
  });
  const exited = new Promise((r) => daemon.on("exit", (code) => r(code)));
  let log = "";
  const ports = await withTimeout(new Promise((resolve) => {
    const found = {};
    daemon.stderr.on("data", (chunk) => {
      log += chunk;
      for (const m of log.matchAll(/component=(server|admin) msg=listening address=\S+ port=(\d+)/g))
        found[m[1]] = Number(m[2]);
      if (found.server && found.admin) resolve(found);
    });
  }), 10000, "weftd listening");
  return {
    port: ports.server,
    adminPort: ports.admin,
    log: () => log,
    async stop() {
      daemon.kill("SIGTERM");
      const code = await withTimeout(exited, 15000, "weftd exit").catch(() => -1);
      rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
}

// Asks the sandbox for one scenario's events; resolves with the HTTP status.
export async function sandboxEvents(weftd, scenario) {
  const res = await fetch(
    `http://127.0.0.1:${weftd.port}/v1/sandbox/demo-sandbox/events?scenario=${scenario}`,
    { method: "POST" });
  await res.text();
  return res.status;
}
