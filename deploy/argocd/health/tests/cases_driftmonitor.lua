local function cond(t, s, reason, message)
  return { type = t, status = s, reason = reason, message = message }
end
return {
  { name = "no evaluation yet", status = "Progressing", message = "first evaluation",
    obj = { metadata = { name = "bc-drift" }, spec = { model = "bc" } } },
  { name = "picked up, first window not closed", status = "Progressing", message = "comparing",
    obj = { metadata = { name = "bc-drift", generation = 1 }, status = { observedGeneration = 1, conditions = {
      cond("Ready", "True", "Evaluating", "comparing the serving logs of bc-v1 with s3://a/p every 1h"),
      cond("DriftDetected", "Unknown", "NotEvaluated", "no window has been evaluated yet") } } } },
  { name = "spec changed, not yet observed", status = "Progressing", message = "generation 3",
    obj = { metadata = { name = "bc-drift", generation = 3 }, status = { observedGeneration = 2, conditions = {
      cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "False", "NoDrift", "0/30") } } } },
  { name = "no drift", status = "Healthy", message = "0/30",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "False", "NoDrift", "0/30 features drifted") } } } },
  { name = "drift detected is degraded", status = "Degraded", message = "12/30 features drifted",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "True", "DriftDetected", "12/30 features drifted (mean_radius); 1/2 windows in a row") } } } },
  { name = "drift with the retrain held back says why", status = "Degraded", message = "held back: Cooldown",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "True", "DriftDetected", "12/30 features drifted"),
      cond("RetrainHeldBack", "True", "Cooldown", "the last retrain started at ...") } } } },
  { name = "drift detected, opted into healthy", status = "Healthy", message = "Drift detected",
    obj = { metadata = { name = "bc-drift", annotations = { ["sluice.dev/argocd-drift-health"] = "Healthy" } },
            status = { conditions = { cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "True", "DriftDetected", nil) } } } },
  { name = "circuit breaker open is degraded even when opted into healthy", status = "Degraded", message = "Retraining suspended",
    obj = { metadata = { name = "bc-drift", annotations = { ["sluice.dev/argocd-drift-health"] = "Healthy" } },
            status = { conditions = { cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "True", "DriftDetected", "x"),
              cond("RetrainingSuspended", "True", "CircuitOpen", "the last 2 retraining runs were refused by their gate") } } } },
  { name = "no baseline", status = "Degraded", message = "no Stable ModelVersion",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "False", "NoBaseline", "model bc has no Stable ModelVersion serving: there are no serving logs to compare") } } } },
  { name = "evaluation failed", status = "Degraded", message = "mean_radius",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "False", "EvaluationFailed", "the evaluation of window ... failed: the logs have no value of mean_radius") } } } },
  { name = "not enough samples yet", status = "Progressing", message = "fewer than window.minSamples",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluating", "ok"), cond("DriftDetected", "Unknown", "NotEvaluated", "no window"),
      cond("InsufficientData", "True", "TooFewRows", "window ... has 40 rows of bc-v1, fewer than window.minSamples 100") } } } },
}
