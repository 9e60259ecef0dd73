-- wrk script: each request asks for a customer drawn uniformly from 1..LOAD_CUSTOMERS, so the database serves
-- the whole table rather than a few cached rows. LOAD_PATH is the endpoint, e.g. /api/shop/checkout?customer=
local customers = tonumber(os.getenv("LOAD_CUSTOMERS") or "1000000")
local path = os.getenv("LOAD_PATH") or "/api/shop/checkout?customer="
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("number", threads)
end

function init(args)
  -- Each thread has its own Lua state: seed each differently, or both threads ask for the same customers.
  math.randomseed(os.time() * 1000 + (number or 0))
end

function request()
  return wrk.format("GET", path .. math.random(1, customers))
end
