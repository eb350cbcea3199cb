-- wrk script for Benchmarks/load.sh: one API route as a studio or reviewer calls it, chosen by RELAY_ROUTE:
--   presign         POST /v1/presign into one capture session, a fresh random content_sha256 each time
--                   (a new image row per request, as a studio's stream of photos is)
--   events          POST /v1/events, a batch of 10 upload_started events about the session, each with a
--                   fresh idempotency key (10 rows in one transaction)
--   session-get     GET /v1/sessions/{id}
--   session-create  POST /v1/sessions (a new session row per request)
-- then prints one machine-readable line: requests/s, latency p50/p99 in ms, non-2xx and socket errors.
--   RELAY_ROUTE=presign RELAY_TOKEN=... RELAY_SESSION=... RELAY_SITE=... wrk -s route.lua http://127.0.0.1:PORT
local route = os.getenv("RELAY_ROUTE") or "presign"
local token = os.getenv("RELAY_TOKEN")
local session = os.getenv("RELAY_SESSION")
local site = os.getenv("RELAY_SITE")
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

local function random_hex(n)
    local digits = {}
    for i = 1, n do
        local r = math.random(1, 16)
        digits[i] = hex:sub(r, r)
    end
    return table.concat(digits)
end

local function uuid()
    local h = random_hex(32)
    return h:sub(1, 8) .. "-" .. h:sub(9, 12) .. "-4" .. h:sub(14, 16) .. "-a" .. h:sub(18, 20) .. "-" .. h:sub(21, 32)
end

local json = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (token or "") }

function request()
    if route == "presign" then
        local body = string.format(
            '{"session_id":"%s","file_name":"IMG_0001.jpg","content_type":"image/jpeg","content_sha256":"%s"}',
            session, random_hex(64))
        return wrk.format("POST", "/v1/presign", json, body)
    elseif route == "events" then
        local events = {}
        for i = 1, 10 do
            events[i] = string.format(
                '{"entity_type":"session","entity_id":"%s","type":"upload_started","idempotency_key":"%s"}', session, uuid())
        end
        return wrk.format("POST", "/v1/events", json, '{"events":[' .. table.concat(events, ",") .. "]}")
    elseif route == "session-get" then
        return wrk.format("GET", "/v1/sessions/" .. session, json)
    elseif route == "session-create" then
        local body = string.format('{"site_id":"%s","vehicle":{"stock":"LOAD-%s"},"mode":"stills"}', site, random_hex(8))
        return wrk.format("POST", "/v1/sessions", json, body)
    end
    error("unknown RELAY_ROUTE " .. route)
end

-- Counts statuses other than 2xx (wrk itself counts only >= 400 as errors in its summary).
function response(status, headers, body)
    if status < 200 or status > 299 then
        unexpected = unexpected + 1
        if unexpected <= 3 then io.stderr:write(route .. " answered " .. status .. ": " .. body .. "\n") end
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
