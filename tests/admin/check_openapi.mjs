// The admin API against its OpenAPI document: swagger-parser validates docs/admin-api.yaml,
// then every operation of the real weftd is called (successes and errors) and each response
// is checked with ajv against the schema the document gives for its status. Fails when a
// status is undocumented, a body does not match, or a path/method of the document was never
// exercised. Usage: node check_openapi.mjs PATH/TO/weftd
import SwaggerParser from "@apidevtools/swagger-parser";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { TOKEN, startSink, startWeftd, sandboxEvents, withTimeout } from "./weftd.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const docPath = path.join(here, "..", "..", "docs", "admin-api.yaml");
const weftdPath = process.argv[2];

let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) passes++;
  else { failures++; console.error(`FAIL: ${what}`); }
}

// 1. The document is valid OpenAPI 3.0 (schema and semantics: refs, parameters, ids).
await SwaggerParser.validate(docPath);
const api = await SwaggerParser.dereference(docPath);
check(api.openapi === "3.0.3", "openapi 3.0.3");

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats(ajv);
const compiled = new WeakMap();
function validator(schema) {
  if (!compiled.has(schema)) compiled.set(schema, ajv.compile(schema));
  return compiled.get(schema);
}

// Every operation of the document, and the statuses seen for each.
const exercised = new Map();
for (const [p, item] of Object.entries(api.paths)) {
  for (const method of ["get", "post", "put", "delete", "patch"]) {
    if (item[method]) exercised.set(`${method.toUpperCase()} ${p}`, new Set());
  }
}

const sink = await startSink();
const weftd = await startWeftd(weftdPath, {
  sinkPort: sink.port,
  subscribers: [
    { id: "crm", path: "/ok" },
    { id: "refuser", path: "/refuse" },
    { id: "flaky", path: "/flaky", extra: "retry: {schedule: [30m], max_age: 1h, jitter: 0}" },
    { id: "held", path: "/ok" },
  ],
});
const base = `http://127.0.0.1:${weftd.adminPort}`;

// Calls one operation; `template` is the document's path. Checks the answer against it.
async function call(method, template, url, { body, token = TOKEN } = {}) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const res = await withTimeout(fetch(base + url, { method, headers, body }), 15000, url);
  const text = await res.text();
  const key = `${method} ${template}`;
  const op = api.paths[template]?.[method.toLowerCase()];
  check(op !== undefined, `${key} is in the document`);
  if (!op) return { status: res.status, json: null };
  exercised.get(key).add(res.status);
  const documented = op.responses[String(res.status)];
  check(documented !== undefined, `${key} (${url}): status ${res.status} is documented`);
  let json = null;
  try { json = JSON.parse(text); } catch { check(false, `${url}: body is JSON: ${text}`); }
  const media = documented?.content?.["application/json"];
  check(res.headers.get("content-type") === "application/json", `${url}: application/json`);
  if (media && json !== null) {
    const validate = validator(media.schema);
    check(validate(json),
      `${key} ${res.status} matches the document: ${ajv.errorsText(validate.errors)} in ${text}`);
  }
  if (res.status === 401) {
    check((res.headers.get("www-authenticate") || "").startsWith("Bearer"),
      `${url}: 401 has WWW-Authenticate`);
  }
  return { status: res.status, json };
}

try {
  // Paused before any event: its pairs wait in the spool.
  check((await call("POST", "/v1/admin/subscribers/{id}/pause",
    "/v1/admin/subscribers/held/pause")).status === 200, "pause held");
  for (const scenario of ["application_created", "stage_changed", "hired", "job_opened"])
    check(await sandboxEvents(weftd, scenario) === 200, `scenario ${scenario}`);

  // Listings, with paging and the subscriber filter.
  const conns = await call("GET", "/v1/admin/connections", "/v1/admin/connections");
  check(conns.json?.connections?.[0]?.events > 0, "the connection counted its events");
  const subs = await call("GET", "/v1/admin/subscribers", "/v1/admin/subscribers");
  const byId = Object.fromEntries((subs.json?.subscribers || []).map((s) => [s.id, s]));
  check(byId.crm?.delivered > 0 && byId.held?.paused === true, "subscriber health");
  check(byId.refuser?.dead_letters > 0, "refuser has dead letters");

  const first = await call("GET", "/v1/admin/deliveries", "/v1/admin/deliveries?limit=2");
  check(typeof first.json?.next_cursor === "string", "deliveries: a second page exists");
  const second = await call("GET", "/v1/admin/deliveries",
    `/v1/admin/deliveries?limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`);
  check(second.json?.deliveries?.length > 0, "deliveries: second page");
  await call("GET", "/v1/admin/deliveries", "/v1/admin/deliveries?subscriber=flaky");
  check((await call("GET", "/v1/admin/deliveries", "/v1/admin/deliveries?limit=0")).status ===
    400, "limit=0 is 400");
  check((await call("GET", "/v1/admin/deliveries", "/v1/admin/deliveries?subscriber=nobody"))
    .status === 404, "unknown subscriber is 404");

  const spool = await call("GET", "/v1/admin/spool", "/v1/admin/spool?limit=1");
  check(spool.json?.spool?.records > 0, "spool holds records");
  check(typeof spool.json?.next_cursor === "string", "spool: a second page exists");
  await call("GET", "/v1/admin/spool",
    `/v1/admin/spool?limit=1&cursor=${encodeURIComponent(spool.json.next_cursor)}`);
  check((await call("GET", "/v1/admin/spool", "/v1/admin/spool?cursor=nonsense")).status ===
    400, "bad spool cursor is 400");

  const dead = await call("GET", "/v1/admin/dead-letters", "/v1/admin/dead-letters?limit=5");
  check(dead.json?.dead_letters?.[0]?.reason === "refused with status 400", "dead letter reason");
  check((await call("GET", "/v1/admin/dead-letters", "/v1/admin/dead-letters?cursor=x"))
    .status === 400, "bad ring cursor is 400");

  // Redeliver a flaky pair waiting out its 30-minute retry.
  const flaky = await call("GET", "/v1/admin/spool", "/v1/admin/spool?subscriber=flaky&limit=500");
  const waiting = (flaky.json?.pairs || []).find((p) => p.state === "retry_wait");
  check(waiting !== undefined, "a flaky pair waits for its retry");
  if (waiting) {
    const before = sink.requests.length;
    const redo = await call("POST", "/v1/admin/subscribers/{id}/redeliver",
      "/v1/admin/subscribers/flaky/redeliver", { body: JSON.stringify({ event_id: waiting.event_id }) });
    check(redo.status === 202 && redo.json?.result === "attempting", "redeliver attempting");
    await withTimeout(new Promise((resolve) => {
      const poll = setInterval(() => {
        if (sink.requests.slice(before).some((r) => r.id === waiting.event_id && r.status === 200)) {
          clearInterval(poll); resolve();
        }
      }, 20);
    }), 10000, "redelivered event").catch((e) => check(false, e.message));
  }
  check((await call("POST", "/v1/admin/subscribers/{id}/redeliver",
    "/v1/admin/subscribers/flaky/redeliver", { body: '{"event_id":"evt_none"}' })).status === 404,
    "redeliver of an event not held is 404");
  check((await call("POST", "/v1/admin/subscribers/{id}/redeliver",
    "/v1/admin/subscribers/flaky/redeliver", { body: "[]" })).status === 400,
    "redeliver without event_id is 400");

  // Ping: accepted by crm (200); spooled for the paused one (202).
  const ping = await call("POST", "/v1/admin/subscribers/{id}/ping",
    "/v1/admin/subscribers/crm/ping");
  check(ping.status === 200 && ping.json?.result === "accepted", "ping accepted");
  check(sink.requests.some((r) => r.id === ping.json?.event_id), "the ping reached the sink");
  const heldPing = await call("POST", "/v1/admin/subscribers/{id}/ping",
    "/v1/admin/subscribers/held/ping");
  check(heldPing.status === 202 && heldPing.json?.result === "spooled", "ping to paused: spooled");
  check((await call("POST", "/v1/admin/subscribers/{id}/ping",
    "/v1/admin/subscribers/nobody/ping")).status === 404, "ping to nobody is 404");

  check((await call("POST", "/v1/admin/subscribers/{id}/resume",
    "/v1/admin/subscribers/held/resume")).json?.paused === false, "resume");
  check((await call("POST", "/v1/admin/subscribers/{id}/pause",
    "/v1/admin/subscribers/nobody/pause")).status === 404, "pause nobody is 404");
  check((await call("POST", "/v1/admin/subscribers/{id}/resume",
    "/v1/admin/subscribers/nobody/resume")).status === 404, "resume nobody is 404");

  // Without the token, or with another, every operation is 401.
  for (const [key] of exercised) {
    const [method, template] = key.split(" ");
    const url = template.replace("{id}", "crm");
    const body = method === "POST" ? "{}" : undefined;
    check((await call(method, template, url, { body, token: "" })).status === 401,
      `${key} without a token is 401`);
    check((await call(method, template, url, { body, token: TOKEN.slice(1) })).status === 401,
      `${key} with a wrong token is 401`);
  }
} catch (e) {
  check(false, e.stack || e.message);
} finally {
  const code = await weftd.stop();
  check(code === 0, `weftd drained and exited 0 (got ${code})`);
  sink.server.close();
}

// Every operation was exercised with at least one success.
for (const [key, statuses] of exercised) {
  check([...statuses].some((s) => s >= 200 && s < 300), `${key} was exercised with a 2xx`);
  console.log(`${key}: ${[...statuses].sort().join(", ")}`);
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
