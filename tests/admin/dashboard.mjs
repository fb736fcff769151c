// The dashboard in headless Chromium (Debian chromium, driven by puppeteer-core) against the
// real weftd with a sandbox connection: it enters the token, waits for the tables to fill
// from the admin API, and checks what they show (a subscriber with deliveries, a paused one
// whose events wait in the spool, the spool depth, a dead letter with its reason). Saves a
// screenshot to SCREENSHOT (default: dashboard.png in the working directory); docs/dashboard.png
// is one, copied by hand. Usage: [SCREENSHOT=FILE] node dashboard.mjs PATH/TO/weftd
import puppeteer from "puppeteer-core";
import path from "node:path";
import { TOKEN, startSink, startWeftd, sandboxEvents, withTimeout } from "./weftd.mjs";

const screenshot = process.env.SCREENSHOT || path.resolve("dashboard.png");
const weftdPath = process.argv[2];
const chromium = process.env.WEFT_CHROMIUM || "/usr/bin/chromium";

let failures = 0;
let passes = 0;
function check(ok, what) {
  if (ok) passes++;
  else { failures++; console.error(`FAIL: ${what}`); }
}

const sink = await startSink();
const weftd = await startWeftd(weftdPath, {
  sinkPort: sink.port,
  subscribers: [
    { id: "crm", path: "/ok" },
    { id: "analytics", path: "/ok" },
    { id: "legacy-hook", path: "/refuse" },
  ],
});
const base = `http://127.0.0.1:${weftd.adminPort}`;
const auth = { Authorization: `Bearer ${TOKEN}` };
async function admin(pathAndQuery, method = "GET") {
  const res = await fetch(base + pathAndQuery, { method, headers: auth });
  return res.json();
}

let browser;
try {
  // analytics is paused: its events wait in the spool, and the dashboard shows them.
  await admin("/v1/admin/subscribers/analytics/pause", "POST");
  for (const scenario of ["application_created", "stage_changed", "interview_scheduled", "hired"])
    check(await sandboxEvents(weftd, scenario) === 200, `scenario ${scenario}`);
  const spool = (await admin("/v1/admin/spool")).spool;
  check(spool.records > 0, `the spool holds records (${spool.records})`);

  browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    // CI runs as root, where Chromium's own sandbox cannot start.
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 1280, height: 900 });
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(base + "/", { waitUntil: "load" });
  check(await page.$eval("#login", (e) => !e.hidden), "the page asks for the token first");

  // A wrong token is refused and the form comes back.
  await page.type("#token", "not-the-token-but-long-enough-to-look-like-one");
  await page.click("#signin");
  await page.waitForSelector("#login-error:not([hidden])", { timeout: 10000 });
  check(await page.$eval("#login-error", (e) => e.textContent.includes("refused")),
    "a wrong token is refused");

  await page.type("#token", TOKEN);
  await page.click("#signin");
  // Two polls: rates need a previous one.
  await page.waitForFunction(() => Number(document.body.dataset.polls || 0) >= 2,
    { timeout: 15000 });
  check(await page.evaluate(() => sessionStorage.getItem("weft-admin-token") !== null),
    "the token is kept in sessionStorage");

  const rows = await page.$$eval("#subscribers tbody tr", (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent.trim())));
  const byId = Object.fromEntries(rows.map((r) => [r[0], r]));
  // Columns: id, health, breaker, queued, in flight, delivered, attempts, rate, dead, ...
  check(Number(byId.crm?.[5]) > 0, `crm shows delivered > 0 (${byId.crm})`);
  check(byId.crm?.[1] === "ok", `crm is ok (${byId.crm?.[1]})`);
  check(byId.analytics?.[1] === "paused", `analytics shows paused (${byId.analytics?.[1]})`);
  check(Number(byId.analytics?.[3]) === spool.records,
    `analytics shows its queued pairs (${byId.analytics?.[3]} vs ${spool.records})`);
  check(Number(byId["legacy-hook"]?.[8]) > 0, "legacy-hook shows dead letters");
  const spoolCard = await page.$eval("#c-spool", (e) => e.textContent);
  check(Number(spoolCard) === spool.records, `spool depth ${spoolCard} = ${spool.records}`);
  const spoolRows = await page.$$eval("#spool tbody tr", (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent.trim())));
  // Each subject's oldest pair is paused; later pairs of a subject wait behind it.
  check(spoolRows.length === Math.min(spool.records, 50) &&
    spoolRows.every((r) => r[2] === "analytics" &&
      (r[5] === "paused" || r[5] === "behind_subject_head")) &&
    spoolRows.some((r) => r[5] === "paused"), "the spool table lists analytics' waiting pairs");
  const connections = await page.$$eval("#connections tbody tr", (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent.trim())));
  check(connections.length === 1 && connections[0][0] === "demo-sandbox" &&
    Number(connections[0][4]) > 0, `the connection row counts events (${connections[0]})`);
  const dead = await page.$$eval("#dead-letters tbody tr", (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent.trim())));
  check(dead.length > 0 && dead[0][5] === "refused with status 400",
    `dead letters show their reason (${dead[0]})`);
  const failuresShown = await page.$$eval("#failures tbody tr", (trs) => trs.map((tr) =>
    [...tr.cells].map((td) => td.textContent.trim())));
  check(failuresShown.length > 0 && failuresShown[0][5] === "400",
    `failed attempts show their status (${failuresShown[0]})`);
  // No event body reaches the page: no candidate names from the sandbox's payloads.
  const text = await page.evaluate(() => document.body.innerText);
  check(!/"data"|candidate_id|@example/.test(text), "the page shows metadata only");
  check(pageErrors.length === 0, `no script errors (${pageErrors.join("; ")})`);

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`screenshot: ${screenshot}`);
} catch (e) {
  check(false, e.stack || e.message);
} finally {
  if (browser) await withTimeout(browser.close(), 10000, "chromium close").catch(() => {});
  const code = await weftd.stop();
  check(code === 0, `weftd drained and exited 0 (got ${code})`);
  sink.server.close();
}
console.log(`${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
