-- wrk script for `./mesh bench catalog`: each wrk thread drives its own table.
-- Arguments: <path prefix> <load|commit> <bearer token or -> <table uuid>...
local next_index = 0

function setup(thread)
  thread:set("index", next_index)
  next_index = next_index + 1
end

function init(args)
  prefix = args[1]
  mode = args[2]
  token = args[3]
  uuids = {}
  for i = 4, #args do
    uuids[i - 4] = args[i]
  end
  counter = 0
end

function request()
  local path = prefix .. "/namespaces/bench/tables/claims_" .. index
  local headers = {}
  if token ~= "-" then
    headers["Authorization"] = "Bearer " .. token
  end
  if mode == "load" then
    return wrk.format("GET", path, headers)
  end
  counter = counter + 1
  headers["Content-Type"] = "application/json"
  local body = '{"requirements":[{"type":"assert-table-uuid","uuid":"' .. uuids[index]
    .. '"}],"updates":[{"action":"set-properties","updates":{"bench.sequence":"'
    .. counter .. '"}}]}'
  return wrk.format("POST", path, headers, body)
end

function done(summary, latency, requests)
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write
    + summary.errors.status + summary.errors.timeout
  io.write(string.format("RESULT %d %d %d %d %d\n", summary.requests, errors, summary.duration,
    latency:percentile(50), latency:percentile(99)))
end
