-- Argo CD health check for sluice.dev/PipelineRun: follows the run's phase and its Succeeded condition,
-- as Argo CD does for Tekton and Argo Workflows runs.
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
if obj.status == nil then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to start the run"
  return hs
end
local succeeded = condition("Succeeded")
local phase = obj.status.phase
local detail = succeeded and (succeeded.message or succeeded.reason) or nil
if phase == "Succeeded" or (phase == nil and succeeded ~= nil and succeeded.status == "True") then
  hs.status = "Healthy"
  hs.message = detail or "Run succeeded"
  return hs
end
if phase == "Failed" or phase == "Cancelled" or (phase == nil and succeeded ~= nil and succeeded.status == "False") then
  hs.status = "Degraded"
  hs.message = detail or ("Run " .. string.lower(phase or "failed"))
  return hs
end
hs.status = "Progressing"
local progress = obj.status.progress
if progress ~= nil then
  hs.message = tostring(phase or "Pending") .. ": " .. progress .. " stages done"
else
  hs.message = detail or tostring(phase or "Pending")
end
return hs
