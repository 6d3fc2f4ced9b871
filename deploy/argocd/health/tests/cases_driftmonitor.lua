local function cond(t, s, reason, message)
  return { type = t, status = s, reason = reason, message = message }
end
return {
  { name = "no evaluation yet", status = "Progressing", message = "first evaluation",
    obj = { metadata = { name = "bc-drift" }, spec = { model = "bc" } } },
  { name = "no drift", status = "Healthy", message = "0/30",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluated", "ok"), cond("DriftDetected", "False", "NoDrift", "0/30 features drifted") } } } },
  { name = "drift detected is degraded", status = "Degraded", message = "12/30 features drifted",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "True", "Evaluated", "ok"), cond("DriftDetected", "True", "DatasetDrift", "12/30 features drifted (share 0.40 >= 0.30)") } } } },
  { name = "drift detected, opted into healthy", status = "Healthy", message = "Drift detected",
    obj = { metadata = { name = "bc-drift", annotations = { ["sluice.dev/argocd-drift-health"] = "Healthy" } },
            status = { conditions = { cond("Ready", "True", "Evaluated", "ok"), cond("DriftDetected", "True", "DatasetDrift", nil) } } } },
  { name = "baseline missing", status = "Degraded", message = "baseline profile not found",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "False", "BaselineMissing", "baseline profile not found at s3://sluice/bc/profile.json") } } } },
  { name = "not enough samples yet", status = "Progressing", message = "40/100 samples",
    obj = { metadata = { name = "bc-drift" }, status = { conditions = {
      cond("Ready", "Unknown", "InsufficientData", "40/100 samples in the window") } } } },
}
