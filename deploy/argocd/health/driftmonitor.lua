-- Argo CD health check for sluice.dev/DriftMonitor. Detected drift is Degraded by default: the model in
-- production no longer sees the data it was trained on, which an operator should notice in Argo CD.
-- Set the annotation sluice.dev/argocd-drift-health: Healthy on a monitor whose drift only starts
-- retraining and should not turn the Application Degraded.
local hs = {}
local function condition(t)
  if obj.status ~= nil and obj.status.conditions ~= nil then
    for _, c in ipairs(obj.status.conditions) do
      if c.type == t then return c end
    end
  end
  return nil
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason or "Drift monitor is not ready"
  return hs
end
local drift = condition("DriftDetected")
if drift ~= nil and drift.status == "True" then
  local annotations = obj.metadata and obj.metadata.annotations or nil
  local driftHealth = annotations and annotations["sluice.dev/argocd-drift-health"] or nil
  if driftHealth == "Healthy" then
    hs.status = "Healthy"
  else
    hs.status = "Degraded"
  end
  hs.message = "Drift detected: " .. (drift.message or drift.reason or "see status.lastEvaluation")
  return hs
end
if ready == nil or ready.status ~= "True" then
  hs.status = "Progressing"
  hs.message = (ready and ready.message) or "Waiting for the first evaluation"
  return hs
end
hs.status = "Healthy"
hs.message = (drift and drift.message) or ready.message or "No drift"
return hs
