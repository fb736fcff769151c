-- wrk script for tests/bench/profile: the requests of greenhouse.lua (same bodies, signatures,
-- fresh event ids), but each thread stops sending after its share of answers, so a profile
-- covers an exact number of webhooks. Arguments after `--`: <run tag> <list file> <answers
-- per thread>. greenhouse.lua's result line counts the 2xx answers (ok=) and the others.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "greenhouse.lua")

local greenhouse_init = init
local greenhouse_response = response

function init(args)
  greenhouse_init(args)
  limit = tonumber(args[3])
  answered = 0
end

function response(status, headers, body)
  greenhouse_response(status, headers, body)
  answered = answered + 1
  if answered >= limit then
    wrk.thread:stop()
  end
end
