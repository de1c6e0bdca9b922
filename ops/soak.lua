-- Mixed traffic for `make soak`: pages, feeds, sitemap, API v2/v3, 404s,
-- in a fixed rotation. Counts the 5xx answers of every thread.
local paths = {
  "/", "/stadtteilkonferenzen/", "/stadtteilkonferenzen/welper/",
  "/stadtteilkonferenzen/termine.ics", "/stadtteilkonferenzen/feed.atom",
  "/sitemap.xml", "/robots.txt",
  "/api/v2/pages/", "/api/v2/pages/?type=stadtteil_pages.MeetingPage&fields=*",
  "/api/v2/contacts/", "/api/v2/districts/",
  "/api/v3/pages/", "/api/v3/pages/?limit=5&offset=5",
  "/en/", "/gibt-es-nicht/", "/api/v2/pages/?limit=abc",
}
local threads = {}
local counter = 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  server_errors = 0
  by_status = {}
end

function request()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

function response(status, headers, body)
  if status >= 500 then
    server_errors = server_errors + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("server_errors")
  end
  io.write(string.format("SOAK requests=%d errors5xx=%d socket_errors=%d p50_ms=%.1f p99_ms=%.1f\n",
    summary.requests, total,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
