-- wrk script for Benchmarks/load.sh: POST /v1/presign into one capture session with a fresh random
-- content_sha256 per request (a new image row each time, as a studio's stream of photos is), then prints
-- one machine-readable line: requests/s, latency p50/p99 in ms, and non-2xx and socket errors.
--   RELAY_TOKEN=... RELAY_SESSION=... wrk -s presign.lua http://127.0.0.1:PORT
local token = os.getenv("RELAY_TOKEN")
local session = os.getenv("RELAY_SESSION")
local hex = "0123456789abcdef"
local counter = 0
local thread_list = {}

function setup(thread)
    counter = counter + 1
    thread:set("seed", counter)
    thread:set("unexpected", 0)
    table.insert(thread_list, thread)
end

function init(args)
    math.randomseed(os.time() * 1000 + (seed or 0))
end

function request()
    local digits = {}
    for i = 1, 64 do
        local r = math.random(1, 16)
        digits[i] = hex:sub(r, r)
    end
    local body = string.format(
        '{"session_id":"%s","file_name":"IMG_0001.jpg","content_type":"image/jpeg","content_sha256":"%s"}',
        session, table.concat(digits))
    return wrk.format("POST", "/v1/presign",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

-- Counts statuses other than 200 (wrk itself counts only >= 400 as errors in its summary).
function response(status, headers, body)
    if status ~= 200 then
        unexpected = unexpected + 1
        if unexpected <= 3 then io.stderr:write("presign answered " .. status .. ": " .. body .. "\n") end
    end
end

function done(summary, latency, requests)
    local unexpected_total = 0
    for _, thread in ipairs(thread_list) do unexpected_total = unexpected_total + thread:get("unexpected") end
    local errors = summary.errors
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non200=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, unexpected_total, errors.connect + errors.read + errors.write + errors.timeout))
end
