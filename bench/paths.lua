-- wrk script for bench/run.sh: GET /api/products/{id} over every seeded product, with a bearer token when
-- BENCH_TOKEN is set. BENCH_IDS names the file of product ids, one per line.
local ids = {}
for line in io.lines(os.getenv("BENCH_IDS")) do
  ids[#ids + 1] = line
end
local headers = {}
local token = os.getenv("BENCH_TOKEN")
if token ~= nil and token ~= "" then
  headers["Authorization"] = "Bearer " .. token
end

request = function()
  return wrk.format("GET", "/api/products/" .. ids[math.random(#ids)], headers)
end
