-- Runs the Argo CD resource actions of each kind against the sample objects in tests/cases_*.lua: discovery.lua
-- must offer exactly the verbs the case names (the others disabled), and every <verb>/action.lua must set the
-- sluice.dev/action annotation to its verb and change nothing else.
-- Usage: lua5.4 deploy/argocd/actions/tests/run.lua   (exit status 0 when every case passes)
local here = arg[0]:match("^(.*)/tests/run%.lua$") or "."

local function read(path)
  local f = assert(io.open(path, "r"), "cannot open " .. path)
  local s = f:read("a")
  f:close()
  return s
end

-- As for the health checks: the base, table, string and math libraries and no I/O, as Argo CD's Lua VM gives.
local function sandbox(object)
  return {
    obj = object, ipairs = ipairs, pairs = pairs, next = next, type = type, tostring = tostring,
    tonumber = tonumber, select = select, error = error, pcall = pcall,
    string = string, table = table, math = math,
  }
end

local function copy(v)
  if type(v) ~= "table" then return v end
  local t = {}
  for k, x in pairs(v) do t[k] = copy(x) end
  return t
end

-- The first path where a and b differ, or nil when they are equal.
local function differ(a, b, path)
  if type(a) ~= type(b) then return path end
  if type(a) ~= "table" then
    if a ~= b then return path end
    return nil
  end
  for k, x in pairs(a) do
    local d = differ(x, b[k], path .. "." .. tostring(k))
    if d then return d end
  end
  for k, _ in pairs(b) do
    if a[k] == nil then return path .. "." .. tostring(k) end
  end
  return nil
end

local function run(source, name, object)
  local chunk, err = load(source, "@" .. name, "t", sandbox(object))
  if chunk == nil then return false, err end
  return pcall(chunk)
end

local Annotation = "sluice.dev/action"
local passed, failed = 0, 0
local function report(problem, what)
  if problem then
    failed = failed + 1
    print("FAIL " .. what .. ": " .. problem)
  else
    passed = passed + 1
    print("ok   " .. what)
  end
end

for _, kind in ipairs({ "modelversion" }) do
  local spec = dofile(here .. "/tests/cases_" .. kind .. ".lua")
  assert(#spec.verbs > 0 and #spec.cases > 0, "no verbs or cases for " .. kind)
  local discovery = read(here .. "/" .. kind .. "/discovery.lua")
  local scripts = {}
  for _, verb in ipairs(spec.verbs) do
    scripts[verb] = read(here .. "/" .. kind .. "/" .. verb .. "/action.lua")
  end

  for _, case in ipairs(spec.cases) do
    local ok, result = run(discovery, kind .. "/discovery.lua", copy(case.obj))
    local problem
    if not ok then
      problem = "error: " .. tostring(result)
    elseif type(result) ~= "table" then
      problem = "returned " .. type(result) .. ", want a table"
    else
      local want = {}
      for _, verb in ipairs(case.enabled) do want[verb] = true end
      local got = {}
      for verb, action in pairs(result) do
        if scripts[verb] == nil then
          problem = problem or ("offers " .. tostring(verb) .. ", which has no action.lua")
        elseif type(action) ~= "table" or (action.disabled ~= nil and type(action.disabled) ~= "boolean") then
          problem = problem or (verb .. ": want a table with a boolean disabled")
        elseif not action.disabled then
          table.insert(got, verb)
        end
      end
      for _, verb in ipairs(spec.verbs) do
        if problem == nil and result[verb] == nil then problem = "does not list " .. verb end
      end
      table.sort(got)
      local expected = copy(case.enabled)
      table.sort(expected)
      if problem == nil and table.concat(got, ",") ~= table.concat(expected, ",") then
        problem = "enables {" .. table.concat(got, ", ") .. "}, want {" .. table.concat(expected, ", ") .. "}"
      end
    end
    report(problem, kind .. " discovery: " .. case.name .. " -> {" .. table.concat(case.enabled, ", ") .. "}")
  end

  for _, verb in ipairs(spec.verbs) do
    for _, case in ipairs(spec.targets) do
      local before = copy(case.obj)
      local ok, result = run(scripts[verb], kind .. "/" .. verb .. "/action.lua", copy(case.obj))
      local problem
      if not ok then
        problem = "error: " .. tostring(result)
      elseif type(result) ~= "table" or type(result.metadata) ~= "table" or type(result.metadata.annotations) ~= "table" then
        problem = "did not return the object with metadata.annotations"
      elseif result.metadata.annotations[Annotation] ~= verb then
        problem = Annotation .. " is " .. tostring(result.metadata.annotations[Annotation]) .. ", want " .. verb
      else
        local expected = copy(before)
        expected.metadata.annotations = expected.metadata.annotations or {}
        expected.metadata.annotations[Annotation] = verb
        local d = differ(result, expected, "obj")
        if d then problem = "changed " .. d .. " as well" end
      end
      report(problem, kind .. " action " .. verb .. ": " .. case.name)
    end
  end
end
print(string.format("%d passed, %d failed", passed, failed))
os.exit(failed == 0 and 0 or 1)
