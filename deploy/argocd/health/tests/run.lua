-- Runs every Argo CD health check against the sample objects in tests/cases_*.lua.
-- Usage: lua5.4 deploy/argocd/health/tests/run.lua   (exit status 0 when every case passes)
local here = arg[0]:match("^(.*)/tests/run%.lua$") or "."

local function read(path)
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  local s = f:read("a")
  f:close()
  return s
end

-- Argo CD runs health scripts in gopher-lua with the base, table, string and math libraries and no I/O:
-- give the scripts only those, so a script that reaches for os or io fails here as it would there.
local function sandbox(object)
  return {
    obj = object, ipairs = ipairs, pairs = pairs, next = next, type = type, tostring = tostring,
    tonumber = tonumber, select = select, error = error, pcall = pcall,
    string = string, table = table, math = math,
  }
end

local passed, failed = 0, 0
for _, kind in ipairs({ "pipeline", "pipelinerun", "modelversion", "driftmonitor" }) do
  local source = read(here .. "/" .. kind .. ".lua")
  local cases = dofile(here .. "/tests/cases_" .. kind .. ".lua")
  assert(#cases > 0, "no cases for " .. kind)
  for _, case in ipairs(cases) do
    local chunk, err = load(source, "@" .. kind .. ".lua", "t", sandbox(case.obj))
    local ok, result
    if chunk == nil then ok, result = false, err else ok, result = pcall(chunk) end
    local problem
    if not ok then
      problem = "error: " .. tostring(result)
    elseif type(result) ~= "table" then
      problem = "returned " .. type(result) .. ", want a table"
    elseif result.status ~= case.status then
      problem = "status " .. tostring(result.status) .. ", want " .. case.status
    elseif type(result.message) ~= "string" or result.message == "" then
      problem = "no message"
    else
      -- message: one text the message must contain, or a list of them.
      local wanted = case.message
      if type(wanted) == "string" then wanted = { wanted } end
      for _, part in ipairs(wanted or {}) do
        if problem == nil and not string.find(result.message, part, 1, true) then
          problem = "message " .. string.format("%q", result.message) .. " lacks " .. string.format("%q", part)
        end
      end
    end
    if problem then
      failed = failed + 1
      print("FAIL " .. kind .. ": " .. case.name .. ": " .. problem)
    else
      passed = passed + 1
      print("ok   " .. kind .. ": " .. case.name .. " -> " .. result.status .. " (" .. result.message .. ")")
    end
  end
end
print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
