-- Argo CD action "promote" on a sluice.dev/ModelVersion: the same as `sluice promote` or
-- `kubectl annotate modelversion NAME sluice.dev/action=promote --overwrite`; the operator acts on it and removes it.
if obj.metadata.annotations == nil then
  obj.metadata.annotations = {}
end
obj.metadata.annotations["sluice.dev/action"] = "promote"
return obj
