local function cond(t, s, reason, message)
  return { type = t, status = s, reason = reason, message = message, lastTransitionTime = "2026-11-23T10:00:00Z" }
end
return {
  { name = "new object without status", status = "Progressing", message = "generation 1",
    obj = { metadata = { name = "bc", generation = 1 }, spec = {} } },
  { name = "spec changed, not yet observed", status = "Progressing", message = "generation 3",
    obj = { metadata = { name = "bc", generation = 3 },
            status = { observedGeneration = 2, conditions = { cond("Ready", "True", "Valid", "Pipeline is valid") } } } },
  { name = "ready with a last run", status = "Healthy", message = "Last run bc-abc12: Succeeded",
    obj = { metadata = { name = "bc", generation = 2 },
            status = { observedGeneration = 2, conditions = { cond("Ready", "True", "Valid", "Pipeline is valid") },
                       lastRun = { name = "bc-abc12", phase = "Succeeded" } } } },
  { name = "ready, never run", status = "Healthy", message = "Pipeline is valid",
    obj = { metadata = { name = "bc", generation = 1 },
            status = { observedGeneration = 1, conditions = { cond("Ready", "True", "Valid", "Pipeline is valid") } } } },
  { name = "invalid spec", status = "Degraded", message = "stage \"trian\" does not exist",
    obj = { metadata = { name = "bc", generation = 1 },
            status = { observedGeneration = 1, conditions = {
              cond("Ready", "False", "InvalidSpec", "spec.stages[2].dependsOn[0]: stage \"trian\" does not exist") } } } },
  { name = "ready unknown", status = "Progressing",
    obj = { metadata = { name = "bc", generation = 1 },
            status = { observedGeneration = 1, conditions = { cond("Ready", "Unknown", "Reconciling", "Checking") } } } },
  { name = "suspended schedule", status = "Suspended", message = "suspended",
    obj = { metadata = { name = "bc", generation = 1 }, spec = { schedule = { cron = "0 3 * * *", suspend = true } },
            status = { observedGeneration = 1, conditions = { cond("Ready", "True", "Valid", "ok") } } } },
}
