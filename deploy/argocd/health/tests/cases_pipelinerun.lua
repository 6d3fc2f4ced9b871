local function cond(t, s, reason, message)
  return { type = t, status = s, reason = reason, message = message }
end
return {
  { name = "just created", status = "Progressing", message = "Waiting",
    obj = { metadata = { name = "bc-1" }, spec = { pipelineRef = { name = "bc" } } } },
  { name = "pending", status = "Progressing", message = "Pending",
    obj = { metadata = { name = "bc-1" }, status = { phase = "Pending", conditions = { cond("Succeeded", "Unknown", "Pending", nil) } } } },
  { name = "running with progress", status = "Progressing", message = "Running: 3/5 stages done",
    obj = { metadata = { name = "bc-1" }, status = { phase = "Running", progress = "3/5",
            conditions = { cond("Succeeded", "Unknown", "Running", "stage train running") } } } },
  { name = "succeeded", status = "Healthy", message = "registered bc-v7",
    obj = { metadata = { name = "bc-1" }, status = { phase = "Succeeded", progress = "5/5",
            conditions = { cond("Succeeded", "True", "Succeeded", "5/5 stages succeeded; registered bc-v7") } } } },
  { name = "failed", status = "Degraded", message = "stage train failed",
    obj = { metadata = { name = "bc-1" }, status = { phase = "Failed", progress = "2/5",
            conditions = { cond("Succeeded", "False", "StageFailed", "stage train failed after 3 attempts") } } } },
  { name = "cancelled", status = "Degraded", message = "Cancelled",
    obj = { metadata = { name = "bc-1" }, status = { phase = "Cancelled", conditions = { cond("Succeeded", "False", "Cancelled", nil) } } } },
  { name = "condition only, true", status = "Healthy",
    obj = { metadata = { name = "bc-1" }, status = { conditions = { cond("Succeeded", "True", "Succeeded", nil) } } } },
  { name = "condition only, false", status = "Degraded", message = "Timeout",
    obj = { metadata = { name = "bc-1" }, status = { conditions = { cond("Succeeded", "False", "Timeout", nil) } } } },
}
