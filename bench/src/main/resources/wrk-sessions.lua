-- The Gatehouse benchmark's wrk script (bench/): each request carries the next session cookie of the
-- file named by the first script argument (one Cookie header value per line; no file or an empty
-- one: no cookie), and done() prints one machine-readable line for the benchmark to parse. A second
-- argument above 0 paces the load: each connection waits that many milliseconds between an answer
-- and its next request (wrk's delay(); its latencies do not include the wait).

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads)
  table.insert(threads, thread)
end

function init(args)
  prepared = {}
  local file = args[1]
  if file ~= nil and file ~= "" then
    for line in io.lines(file) do
      if line ~= "" then
        prepared[#prepared + 1] = wrk.format(nil, nil, { ["Cookie"] = line })
      end
    end
  end
  if #prepared == 0 then
    prepared[1] = wrk.format()
  end
  local pace = tonumber(args[2] or "0") or 0
  if pace > 0 then
    -- Defined only when pacing: wrk asks whether the script has delay() right after init(), and
    -- a delay() returning 0 would still cost every request a timer.
    function delay()
      return pace
    end
  end
  -- Threads start at different sessions, so they do not ask for the same one in step.
  counter = (thread_number or 0) * math.floor(#prepared / 2 + 1)
end

function request()
  counter = counter + 1
  return prepared[(counter % #prepared) + 1]
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "GATEHOUSE_WRK requests=%d duration_us=%d bytes=%d connect=%d read=%d write=%d status=%d"
      .. " timeout=%d p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d\n",
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, math.floor(latency:percentile(50)), math.floor(latency:percentile(90)),
    math.floor(latency:percentile(99)), math.floor(latency:percentile(99.9)),
    math.floor(latency.max)))
end
