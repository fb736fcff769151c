// Interop: the real weftd delivers sandbox events to a Node.js endpoint, and two public
// Standard Webhooks libraries (standardwebhooks, svix) verify every delivery, with each of
// the subscriber's two rotated secrets. A second subscriber mixes Ed25519 keys (v1a) with a
// whsec_: Node's own crypto.verify checks its v1a signatures with the whpk_ public keys (no
// published npm Standard Webhooks library verifies v1a), one pair from `weftd keygen` and one
// made by Node and given to weft in the 64-byte seed||public form, while the libraries still
// verify the v1 entry beside them. Usage: node verify_deliveries.mjs PATH/TO/weftd
import { execFileSync, spawn } from "node:child_process";
import crypto from "node:crypto";
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
// The raw 32-byte Ed25519 public key of a whpk_ line as a KeyObject (JWK: base64url x).
function publicKeyObject(whpk) {
  const x = Buffer.from(whpk.slice("whpk_".length), "base64").toString("base64url");
  return crypto.createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
}
// A pair from weftd itself: line 1 whsk_, line 2 whpk_.
const [keygenSecret, keygenPublic] = execFileSync(weftd, ["keygen"],
  { stdio: ["ignore", "pipe", "ignore"] }).toString().trim().split("\n");
// A pair from Node, given to weft as whsk_ + base64(seed || public key).
const nodePair = crypto.generateKeyPairSync("ed25519");
const nodeJwk = nodePair.privateKey.export({ format: "jwk" });
const nodeSecret = "whsk_" + Buffer.concat([Buffer.from(nodeJwk.d, "base64url"),
  Buffer.from(nodeJwk.x, "base64url")]).toString("base64");
const nodePublic = "whpk_" + Buffer.from(nodeJwk.x, "base64url").toString("base64");
// Configured nowhere: its checks must fail.
const strangerPublic = "whpk_" + Buffer.from(crypto.generateKeyPairSync("ed25519").publicKey
  .export({ format: "jwk" }).x, "base64url").toString("base64");
const edSecrets = [keygenSecret, secrets[0], nodeSecret];

// What a v1a receiver does: any "v1a,<sig>" entry verifies over id.timestamp.body.
function verifiesV1a(headers, body, whpk) {
  const key = publicKeyObject(whpk);
  const content = Buffer.from(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`);
  return headers["webhook-signature"].split(" ").some((entry) => entry.startsWith("v1a,") &&
    crypto.verify(null, content, key, Buffer.from(entry.slice(4), "base64")));
}

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
    deliveries.push({ path: req.url, headers: req.headers,
      body: Buffer.concat(chunks).toString("utf8") });
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
  - id: interop-ed25519
    url: http://127.0.0.1:${sinkPort}/ed25519
    secrets: [${edSecrets.join(", ")}]
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
  // Both subscribers get every event. The acks wait for the subscribers (ack_budget); this
  // bounded wait only covers a delivery that took longer.
  await withTimeout(new Promise((resolve) => {
    const poll = setInterval(() => {
      if (deliveries.length >= 2 * scenarios.length) { clearInterval(poll); resolve(); }
    }, 20);
  }), 10000, "deliveries to both subscribers").catch((e) => check(false, e.message));
  const hmacOnly = deliveries.filter((d) => d.path === "/hooks");
  const mixed = deliveries.filter((d) => d.path === "/ed25519");
  check(hmacOnly.length >= scenarios.length, `got ${hmacOnly.length} whsec_ deliveries`);
  check(mixed.length >= scenarios.length, `got ${mixed.length} mixed-key deliveries`);
  for (const { headers, body } of hmacOnly) {
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
  for (const { headers, body } of mixed) {
    const id = headers["webhook-id"];
    const versions = headers["webhook-signature"].split(" ").map((e) => e.split(",")[0]);
    check(versions.join(" ") === "v1a v1 v1a", `${id}: one entry per key, in order (${versions})`);
    check(verifiesV1a(headers, body, keygenPublic), `${id}: v1a verifies with keygen's whpk_`);
    check(verifiesV1a(headers, body, nodePublic), `${id}: v1a verifies with Node's public key`);
    check(!verifiesV1a(headers, body, strangerPublic), `${id}: a stranger's key does not verify`);
    check(!verifiesV1a(headers, body + " ", keygenPublic), `${id}: a tampered body fails v1a`);
    const moved = { ...headers,
      "webhook-timestamp": String(Number(headers["webhook-timestamp"]) + 1) };
    check(!verifiesV1a(moved, body, nodePublic), `${id}: a changed timestamp fails v1a`);
    // v1-only receivers skip the v1a entries and verify the whsec_ one.
    for (const [name, Lib] of [["standardwebhooks", StandardWebhook], ["svix", SvixWebhook]]) {
      let verified;
      try { verified = new Lib(secrets[0]).verify(body, headers); } catch (e) { verified = e; }
      check(verified && verified.id === id, `${name} verifies the v1 entry of ${id} (${verified})`);
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
