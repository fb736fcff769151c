-- wrk script: the requests of greenhouse.lua (same bodies, signatures, fresh event ids), sent
-- at a fixed rate instead of as fast as answers come back (Debian's wrk is closed-loop).
-- Arguments after `--`: <run tag> <list file> <requests per second for this wrk thread>.
-- Each thread keeps its own schedule t0 + k * interval and its connections take the slots in
-- turn: wrk calls delay() before each request, delay() returns the ms until the next slot
-- (0 when it is already due). A send more than 1 ms after its slot is counted as late; a
-- schedule that falls behind sends at once until it catches up, so the asked rate is kept
-- whenever the server can take it. Adds "asked_rps=.. late=.." to greenhouse.lua's line.
-- wrk's timers have 1 ms resolution: a send may start up to 1 ms early, and at high rates
-- the sends of one thread leave in bursts, one per timer tick.

local here = debug.getinfo(1, "S").source:match("^@(.*/)") or "./"
dofile(here .. "greenhouse.lua")

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } weft_paced_timespec;
int clock_gettime(int clock_id, weft_paced_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local now_ts = ffi.new("weft_paced_timespec")

local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, now_ts)
  return tonumber(now_ts.tv_sec) * 1e3 + tonumber(now_ts.tv_nsec) / 1e6
end

local greenhouse_init = init

function init(args)
  greenhouse_init(args)
  thread_rps = assert(tonumber(args[3]), "paced.lua: third argument: requests per second")
  assert(thread_rps > 0, "paced.lua: the rate must be positive")
  interval_ms = 1000 / thread_rps
  slots = 0
  late = 0
  t0 = nil
end

function delay()
  local now = now_ms()
  if t0 == nil then
    t0 = now
  end
  local slot = t0 + slots * interval_ms
  slots = slots + 1
  if now > slot + 1 then
    late = late + 1
  end
  -- wrk's timers count whole ms and fire up to 1 ms after their time: rounding down keeps a
  -- send within 1 ms of its slot, so "late" means the connections were all busy.
  local wait = slot - now
  if wait < 1 then
    return 0
  end
  return math.floor(wait)
end

function result_extra(threads, summary)
  local asked, late_total = 0, 0
  for _, thread in ipairs(threads) do
    asked = asked + thread:get("thread_rps")
    late_total = late_total + thread:get("late")
  end
  return string.format("asked_rps=%.1f late=%d", asked, late_total)
end
