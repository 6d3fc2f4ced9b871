-- Argo CD health check for sluice.dev/DriftMonitor. Detected drift is Degraded by default: the model in
-- production no longer sees the data it was trained on, which an operator should notice in Argo CD.
-- Set the annotation sluice.dev/argocd-drift-health: Healthy on a monitor whose drift only starts
-- retraining and should not turn the Application Degraded. Suspended retraining (the circuit breaker:
-- retrains refused by their gate again and again) is always Degraded: the loop needs a person.
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
if generation ~= nil and observed ~= nil and observed < generation then
  hs.status = "Progressing"
  hs.message = "Waiting for the operator to pick up generation " .. tostring(generation)
  return hs
end
local ready = condition("Ready")
if ready ~= nil and ready.status == "False" then
  hs.status = "Degraded"
  hs.message = ready.message or ready.reason or "Drift monitor is not ready"
  return hs
end
local suspended = condition("RetrainingSuspended")
if suspended ~= nil and suspended.status == "True" then
  hs.status = "Degraded"
  hs.message = "Retraining suspended: " .. (suspended.message or suspended.reason or "see status")
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
  local held = condition("RetrainHeldBack")
  if held ~= nil and held.status == "True" then
    hs.message = hs.message .. "; retrain held back: " .. (held.reason or "")
  end
  return hs
end
if ready == nil or ready.status ~= "True" or drift == nil or drift.status ~= "False" then
  hs.status = "Progressing"
  local insufficient = condition("InsufficientData")
  if insufficient ~= nil and insufficient.status == "True" then
    hs.message = insufficient.message or "Too few logged requests for a verdict"
  else
    hs.message = (ready and ready.status == "True" and ready.message) or (ready and ready.message) or "Waiting for the first evaluation"
  end
  return hs
end
hs.status = "Healthy"
hs.message = drift.message or ready.message or "No drift"
return hs
