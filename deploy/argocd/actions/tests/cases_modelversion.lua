-- Sample ModelVersions for the resource actions, with the statuses the operator writes
-- (src/Sluice.Core/Rollout/ServingPlan.cs, CanaryRollout.cs, CanaryMachine.cs).
local function canary_spec()
  return { model = "bc", version = "v8", rollout = { strategy = "Canary",
           steps = { { setWeight = 20 }, { pause = {} }, { setWeight = 50 } } } }
end
local function mv(name, status, spec, annotations)
  return { apiVersion = "sluice.dev/v1alpha1", kind = "ModelVersion",
           metadata = { name = name, namespace = "ml", generation = 1, annotations = annotations },
           spec = spec or { model = "bc", version = "v7" }, status = status }
end
return {
  -- Every verb of sluice.dev/action (RolloutActions.Verbs); each has <verb>/action.lua.
  verbs = { "promote", "abort", "pause", "resume", "retry" },
  cases = {
    { name = "no status yet", enabled = {}, obj = mv("bc-v8", nil, canary_spec()) },
    { name = "first version deploying", enabled = {}, obj = mv("bc-v1", { phase = "Deploying" }) },
    { name = "Stable and serving", enabled = {},
      obj = mv("bc-v7", { phase = "Serving", role = "Stable" }) },
    { name = "canary stepping", enabled = { "promote", "abort", "pause" },
      obj = mv("bc-v8", { phase = "Progressing", role = "Canary", canaryWeight = 20, currentStepIndex = 0 }, canary_spec()) },
    { name = "canary at a manual gate", enabled = { "promote", "abort", "resume" },
      obj = mv("bc-v8", { phase = "Paused", role = "Canary", canaryWeight = 20, currentStepIndex = 1, pausedReason = "ManualGate" }, canary_spec()) },
    { name = "canary paused by hand", enabled = { "promote", "abort", "resume" },
      obj = mv("bc-v8", { phase = "Paused", role = "Canary", canaryWeight = 20, currentStepIndex = 0, pausedReason = "PausedByUser" }, canary_spec()) },
    { name = "canary waiting for traffic", enabled = { "promote", "abort", "resume" },
      obj = mv("bc-v8", { phase = "Paused", role = "Canary", canaryWeight = 50, currentStepIndex = 2, pausedReason = "InsufficientTraffic" }, canary_spec()) },
    { name = "canary promoted, awaiting its pods: only abort still changes anything", enabled = { "abort" },
      obj = mv("bc-v8", { phase = "Progressing", role = "Canary", canaryWeight = 100, currentStepIndex = 3 }, canary_spec()) },
    { name = "canary without a step index", enabled = { "promote", "abort", "pause" },
      obj = mv("bc-v8", { phase = "Progressing", role = "Canary" }) },
    { name = "aborted: retry, or promote to roll back to it", enabled = { "promote", "retry" },
      obj = mv("bc-v8", { phase = "Aborted", role = "Retired", canaryWeight = 0, currentStepIndex = 1 }, canary_spec()) },
    { name = "aborted with no role", enabled = { "retry" }, obj = mv("bc-v8", { phase = "Aborted" }) },
    { name = "retired: promote rolls back to it", enabled = { "promote" },
      obj = mv("bc-v6", { phase = "Retired", role = "Retired" }) },
    { name = "rolling back already (promote pending)", enabled = {},
      obj = mv("bc-v6", { phase = "Deploying", role = "Retired" }, nil, { ["sluice.dev/action"] = "promote" }) },
    { name = "failed", enabled = {}, obj = mv("bc-v8", { phase = "Failed" }) },
  },
  -- Objects each action runs on: it must set the annotation and leave everything else as it was.
  targets = {
    { name = "no annotations", obj = mv("bc-v8", { phase = "Paused", role = "Canary", pausedReason = "ManualGate" }, canary_spec()) },
    { name = "other annotations kept", obj = mv("bc-v8", { phase = "Progressing", role = "Canary" }, canary_spec(),
        { ["argocd.argoproj.io/sync-options"] = "Prune=false", ["note"] = "keep me" }) },
    { name = "a pending action replaced", obj = mv("bc-v8", { phase = "Aborted", role = "Retired" }, canary_spec(),
        { ["sluice.dev/action"] = "abort" }) },
  },
}
