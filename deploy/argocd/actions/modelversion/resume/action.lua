-- Argo CD action "resume" on a sluice.dev/ModelVersion: the same as `sluice resume` or
-- `kubectl annotate modelversion NAME sluice.dev/action=resume --overwrite`; the operator acts on it and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/action"] = "resume"
return obj
