-- wrk script: POSTs signed Greenhouse webhook bodies again and again, each request with its
-- own Greenhouse-Event-ID (weftd deduplicates on it, so a repeated id would skip the delivery
-- and flatter weftd). Arguments after `--`: <run tag> <list file>, whose lines are
-- "<hex HMAC-SHA256 of body> <body file>": one body per subject (application), taken in
-- turn, so the load spreads over as many subjects as the list has lines.
-- done() prints one "result ..." line of key=value pairs that tests/bench/run parses; a script
-- that loads this one (paced.lua) may define result_extra() to append its own pairs.

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  tag = args[1]
  bodies, signatures = {}, {}
  for line in io.lines(args[2]) do
    local signature, path = line:match("^(%x+) (.+)$")
    local file = assert(io.open(path, "rb"))
    table.insert(bodies, file:read("*a"))
    table.insert(signatures, "sha256 " .. signature)
    file:close()
  end
  counter = 0
  ok = 0
  not_ok = 0
  -- "status=count,..." of the non-2xx answers: a string, because thread:get copies it simply.
  not_ok_statuses = ""
  statuses = {}
end

function request()
  counter = counter + 1
  -- Threads start at different bodies so that they do not queue on one subject together.
  local i = (counter + thread_id * 7919) % #bodies + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["User-Agent"] = "Greenhouse-Webhooks/1.0",
    ["Signature"] = signatures[i],
    ["Greenhouse-Event-ID"] = tag .. "-" .. thread_id .. "-" .. counter,
  }, bodies[i])
end

function response(status, headers, response_body)
  if status >= 200 and status < 300 then
    ok = ok + 1
    return
  end
  not_ok = not_ok + 1
  statuses[status] = (statuses[status] or 0) + 1
  local parts = {}
  for code, count in pairs(statuses) do
    table.insert(parts, code .. ":" .. count)
  end
  not_ok_statuses = table.concat(parts, ",")
end

function done(summary, latency, requests)
  local ok_total, not_ok_total, by_status = 0, 0, {}
  for _, thread in ipairs(threads) do
    ok_total = ok_total + thread:get("ok")
    not_ok_total = not_ok_total + thread:get("not_ok")
    for code, count in string.gmatch(thread:get("not_ok_statuses"), "(%d+):(%d+)") do
      by_status[code] = (by_status[code] or 0) + tonumber(count)
    end
  end
  local codes = {}
  for code, count in pairs(by_status) do
    table.insert(codes, code .. ":" .. count)
  end
  table.sort(codes)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  io.write(string.format(
    "result requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d " ..
    "ok=%d not_ok=%d not_ok_statuses=%s connect_errors=%d read_errors=%d write_errors=%d " ..
    "timeouts=%d",
    summary.requests, seconds, summary.requests / seconds, latency:percentile(50),
    latency:percentile(90), latency:percentile(99), latency.max, ok_total, not_ok_total,
    #codes > 0 and table.concat(codes, ",") or "-", e.connect, e.read, e.write, e.timeout))
  if result_extra then
    io.write(" ", result_extra(threads, summary))
  end
  io.write("\n")
end
