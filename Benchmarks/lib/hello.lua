-- wrk script for Benchmarks/load.sh: POST /hello on relay-bench's hello-world server (the ceiling), with
-- the same machine-readable RESULT line as presign.lua.
wrk.method = "POST"
wrk.body = '{"hello":"world"}'
wrk.headers["Content-Type"] = "application/json"

function done(summary, latency, requests)
    local errors = summary.errors
    io.write(string.format("RESULT rps=%.1f p50_ms=%.2f p99_ms=%.2f requests=%d non200=%d socket_errors=%d\n",
        summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000,
        summary.requests, summary.errors.status, errors.connect + errors.read + errors.write + errors.timeout))
end
