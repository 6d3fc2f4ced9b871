-- Argo CD health check for sluice.dev/Pipeline (a template; its runs report their own health).
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
local generation = obj.metadata and obj.metadata.generation or nil
local observed = obj.status and obj.status.observedGeneration or nil
if generation ~= nil and (observed == nil or observed < generation) then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to observe generation " .. tostring(generation)
  return hs
end
local ready = condition("Ready")
if ready == nil or ready.status == "Unknown" then
  hs.status = "Progressing"
  hs.message = (ready and ready.message) or "Waiting for the operator to validate the pipeline"
  return hs
end
if ready.status == "False" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason or "Pipeline is not ready"
  return hs
end
if obj.spec ~= nil and obj.spec.schedule ~= nil and obj.spec.schedule.suspend == true then
  hs.status = "Suspended"
  hs.message = "Schedule is suspended"
  return hs
end
hs.status = "Healthy"
local last = obj.status.lastRun
if last ~= nil and last.name ~= nil then
  hs.message = "Last run " .. last.name .. ": " .. tostring(last.phase)
else
  hs.message = ready.message or "Ready"
end
return hs
