// Interop: the real weftd delivers sandbox events to a Node.js endpoint, and two public
// Standard Webhooks libraries (standardwebhooks, svix) verify every delivery, with each of
// the subscriber's two rotated secrets. Usage: node verify_deliveries.mjs PATH/TO/weftd
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { Webhook as StandardWebhook } from "standardwebhooks";
import { Webhook as SvixWebhook } from "svix";

const weftd = process.argv[2];
const secrets = [
  "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
  "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD",
];
const scenarios = ["application_created", "stage_changed", "interview_scheduled",
  "offer_created", "offer_accepted", "rejected", "hired", "candidate_updated", "job_opened"];

let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) passes++;
  else { failures++; console.error(`FAIL: ${what}`); }
}
function withTimeout(promise, ms, what) {
  return Promise.race([promise, new Promise((_, reject) =>
    setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);
}

const deliveries = [];
const sink = http.createServer((req, res) => {
  const chunks = [];
  req.on("data", (c) => chunks.push(c));
  req.on("end", () => {
    deliveries.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
    res.writeHead(204).end();
  });
});
await new Promise((r) => sink.listen(0, "127.0.0.1", r));
const sinkPort = sink.address().port;

const dir = mkdtempSync(path.join(os.tmpdir(), "weft-interop-"));
const configPath = path.join(dir, "weftd.yaml");
writeFileSync(configPath, `
server:
  listen: 127.0.0.1:0
  ack_budget: 5s
network:
  allow_private: [127.0.0.0/8]
connections:
  - id: interop-sandbox
    tenant: interop
    provider: sandbox
    environment: sandbox
    secrets: [interop-sandbox-secret]
    sandbox: {interval: 0s}
subscribers:
  - id: interop
    url: http://127.0.0.1:${sinkPort}/hooks
    secrets: [${secrets.join(", ")}]
    events: ["*"]
    timeout: 5s
`);

const daemon = spawn(weftd, ["--config", configPath], { stdio: ["ignore", "inherit", "pipe"] });
const exited = new Promise((r) => daemon.on("exit", (code) => r(code)));
const port = await withTimeout(new Promise((resolve) => {
  let buffered = "";
  daemon.stderr.on("data", (chunk) => {
    buffered += chunk;
    const m = buffered.match(/component=server msg=listening address=\S+ port=(\d+)/);
    if (m) resolve(Number(m[1]));
  });
}), 10000, "weftd listening");

try {
  for (const scenario of scenarios) {
    const res = await withTimeout(fetch(
      `http://127.0.0.1:${port}/v1/sandbox/interop-sandbox/events?scenario=${scenario}`,
      { method: "POST" }), 10000, `scenario ${scenario}`);
    check(res.status === 200, `scenario ${scenario} answered ${res.status}`);
    await res.text();
  }
  check(deliveries.length >= scenarios.length, `got ${deliveries.length} deliveries`);
  for (const { headers, body } of deliveries) {
    const id = headers["webhook-id"];
    const event = JSON.parse(body);
    check(event.id === id, `${id}: envelope id equals webhook-id`);
    check(headers["webhook-signature"].split(" ").length === secrets.length,
      `${id}: one signature per secret`);
    for (const secret of secrets) {
      for (const [name, Lib] of [["standardwebhooks", StandardWebhook], ["svix", SvixWebhook]]) {
        let verified;
        try { verified = new Lib(secret).verify(body, headers); } catch (e) { verified = e; }
        check(verified && verified.id === id, `${name} verifies ${id} (${verified})`);
        let tampered;
        try { new Lib(secret).verify(body + " ", headers); tampered = true; }
        catch { tampered = false; }
        check(!tampered, `${name} refuses a tampered body of ${id}`);
      }
    }
  }
} catch (e) {
  check(false, e.message);
} finally {
  daemon.kill("SIGTERM");
  const code = await withTimeout(exited, 15000, "weftd exit").catch(() => -1);
  check(code === 0, `weftd drained and exited 0 (got ${code})`);
  sink.close();
  rmSync(dir, { recursive: true, force: true });
}
console.log(`${deliveries.length} deliveries checked`);
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
