-- Argo CD action "retry" on a sluice.dev/ModelVersion: the same as `sluice retry` or
-- `kubectl annotate modelversion NAME sluice.dev/action=retry --overwrite`; the operator acts on it and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/action"] = "retry"
return obj
