-- Argo CD health check for sluice.dev/ModelVersion, from status.phase first: Degraded wins (an aborted canary,
-- Degraded=True, phase Failed), then Suspended (a paused canary waits for a person or for traffic), then
-- Healthy for a Retired version, Progressing while deploying or stepping, and Healthy once Serving and Ready.
-- A Stable version keeps Progressing=True (reason RolloutCompleted) after its rollout, as a Deployment does,
-- so Progressing=True alone never means the rollout is still running.
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
local function text(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then return c.message end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then return c.reason end
  return fallback
end
-- "canary at 20%, step 2 of 4" from the stored weight and step index (0-based), as far as they are known.
local function where()
  local parts = {}
  local weight = obj.status.canaryWeight
  if weight ~= nil then table.insert(parts, "canary at " .. tostring(weight) .. "%") end
  local index = obj.status.currentStepIndex
  local steps = nil
  if obj.spec ~= nil and obj.spec.rollout ~= nil and obj.spec.rollout.steps ~= nil then steps = #obj.spec.rollout.steps end
  if index ~= nil then
    if steps ~= nil and index >= steps then
      table.insert(parts, "all " .. tostring(steps) .. " steps done")
    elseif steps ~= nil then
      table.insert(parts, "step " .. tostring(index + 1) .. " of " .. tostring(steps))
    else
      table.insert(parts, "step " .. tostring(index + 1))
    end
  end
  return table.concat(parts, ", ")
end
local function at(prefix)
  local w = where()
  if w == "" then return prefix end
  return prefix .. " (" .. w .. ")"
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to deploy the model"
  return hs
end
local generation = obj.metadata and obj.metadata.generation or nil
local observed = obj.status.observedGeneration
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end
local phase = obj.status.phase
local role = obj.status.role
local ready = condition("Ready")
local progressing = condition("Progressing")
local degraded = condition("Degraded")
if phase == "Aborted" then
  hs.status = "Degraded"
  hs.message = "Rollout aborted: " .. text(degraded, text(ready, "the canary was stopped")) .. "; retry to roll out again"
  return hs
end
if (degraded ~= nil and degraded.status == "True") or phase == "Failed" then
  hs.status = "Degraded"
  hs.message = text(degraded, text(ready, "Model version failed"))
  return hs
end
if phase == "Paused" then
  hs.status = "Suspended"
  local reason = obj.status.pausedReason
  if reason == "ManualGate" then
    hs.message = at("Paused") .. ": waiting for a person to promote or resume"
  elseif reason == "PausedByUser" then
    hs.message = at("Paused by hand") .. ": resume or promote to continue"
  elseif reason == "InsufficientTraffic" then
    hs.message = at("Waiting for canary traffic") .. ": " .. text(progressing, "fewer canary requests than analysis.minRequests")
  else
    hs.message = at("Paused") .. ": " .. text(progressing, "waiting to be resumed")
  end
  return hs
end
if phase == "Retired" or (phase == nil and role == "Retired") then
  hs.status = "Healthy"
  hs.message = "Retired: no longer serving"
  return hs
end
if role == "Canary" then
  hs.status = "Progressing"
  local w = where()
  if w == "" then w = "Canary" elseif obj.status.canaryWeight == nil then w = "Canary, " .. w else w = (w:gsub("^%l", string.upper)) end
  -- The operator's message may start with the step already named in w.
  local detail = text(progressing, text(ready, "rollout in progress")):gsub("^step %d+ of %d+: ", "")
  hs.message = w .. ": " .. detail
  return hs
end
if phase == "Pending" or phase == "Deploying" or phase == "Progressing" then
  hs.status = "Progressing"
  hs.message = text(ready, text(progressing, "Deploying the model server"))
  return hs
end
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = text(ready, tostring(role or "Ready"))
  return hs
end
if ready ~= nil and ready.status == "False" then
  hs.status = "Progressing"
  hs.message = text(ready, "Not ready yet")
  return hs
end
hs.status = "Progressing"
hs.message = "Waiting for the model server to become ready"
return hs
