-- Argo CD health check for sluice.dev/ModelVersion: Degraded wins (failed analysis, rollback, broken
-- serving), then Progressing (a canary stepping or in analysis), then Ready.
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
local degraded = condition("Degraded")
if (degraded ~= nil and degraded.status == "True") or obj.status.phase == "Failed" then
  hs.status = "Degraded"
  hs.message = text(degraded, "Model version failed")
  return hs
end
local progressing = condition("Progressing")
if progressing ~= nil and progressing.status == "True" then
  hs.status = "Progressing"
  local weight = obj.status.canaryWeight
  if obj.status.role == "Canary" and weight ~= nil then
    hs.message = "Canary at " .. tostring(weight) .. "%: " .. text(progressing, "analysis in progress")
  else
    hs.message = text(progressing, "Rolling out")
  end
  return hs
end
if obj.status.role == "Retired" then
  hs.status = "Healthy"
  hs.message = "Retired: no longer serving"
  return hs
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "True" then
  hs.status = "Healthy"
  hs.message = text(ready, tostring(obj.status.role or "Ready"))
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
