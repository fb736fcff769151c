-- wrk script for tests/bench/profile: POSTs signed Greenhouse webhooks, each with its own
-- Greenhouse-Event-ID, and stops each thread after its share of answers, so a profile covers
-- an exact number of webhooks. Arguments after `--`: <run tag> <list file> <answers per
-- thread>; the list file's lines are "<hex HMAC-SHA256 of body> <body file>" (one per subject).

local threads = {}

function setup(thread)
  table.insert(threads, thread)
  thread:set("thread_id", #threads)
end

function init(args)
  tag = args[1]
  limit = tonumber(args[3])
  bodies, signatures = {}, {}
  for line in io.lines(args[2]) do
    local signature, path = line:match("^(%x+) (.+)$")
    local file = assert(io.open(path, "rb"))
    table.insert(bodies, file:read("*a"))
    table.insert(signatures, "sha256 " .. signature)
    file:close()
  end
  counter, answered, not_ok = 0, 0, 0
end

function request()
  counter = counter + 1
  local i = (counter + thread_id * 7919) % #bodies + 1
  return wrk.format("POST", nil, {
    ["Content-Type"] = "application/json",
    ["Signature"] = signatures[i],
    ["Greenhouse-Event-ID"] = tag .. "-" .. thread_id .. "-" .. counter,
  }, bodies[i])
end

function response(status)
  answered = answered + 1
  if status < 200 or status > 299 then not_ok = not_ok + 1 end
  if answered >= limit then wrk.thread:stop() end
end

function done(summary)
  local answered_total, not_ok_total = 0, 0
  for _, thread in ipairs(threads) do
    answered_total = answered_total + thread:get("answered")
    not_ok_total = not_ok_total + thread:get("not_ok")
  end
  io.write(string.format("counted answered=%d not_ok=%d\n", answered_total, not_ok_total))
end
