-- Argo CD action "pause" on a sluice.dev/ModelVersion: the same as `sluice pause` or
-- `kubectl annotate modelversion NAME sluice.dev/action=pause --overwrite`; the operator acts on it and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/action"] = "pause"
return obj
