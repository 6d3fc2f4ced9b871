-- Argo CD action "abort" on a sluice.dev/ModelVersion: the same as `sluice abort` or
-- `kubectl annotate modelversion NAME sluice.dev/action=abort --overwrite`; the operator acts on it and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/action"] = "abort"
return obj
