-- Argo CD resource actions for sluice.dev/ModelVersion: which of the sluice.dev/action verbs mean something to
-- this version now (src/Sluice.Core/Rollout/ServingPlan.cs and CanaryMachine.cs). The operator acts on the
-- annotation and removes it; a verb that means nothing is ignored there with an ActionIgnored Event, so it is
-- disabled here.
--   promote  a Canary: Stable now, skipping the remaining steps; a Retired or Aborted version: roll back to it
--            at once, skipping the steps
--   abort    a Canary: all traffic back to the Stable version
--   pause    a Canary that is not paused: hold the current step
--   resume   a paused Canary (also past a pause without duration)
--   retry    an Aborted version: start its rollout again from the first step
local actions = {
  promote = { disabled = true, iconClass = "fa fa-fw fa-forward", displayName = "Promote" },
  abort = { disabled = true, iconClass = "fa fa-fw fa-times-circle", displayName = "Abort" },
  pause = { disabled = true, iconClass = "fa fa-fw fa-pause-circle", displayName = "Pause" },
  resume = { disabled = true, iconClass = "fa fa-fw fa-play-circle", displayName = "Resume" },
  retry = { disabled = true, iconClass = "fa fa-fw fa-redo-alt", displayName = "Retry" },
}
local status = obj.status or {}
local phase = status.phase
local role = status.role
-- Past the last step promotion is already decided and only the canary's pods are awaited: pause, resume and
-- promote change nothing then (abort still does).
local promoting = false
if obj.spec ~= nil and obj.spec.rollout ~= nil and obj.spec.rollout.steps ~= nil and status.currentStepIndex ~= nil then
  promoting = status.currentStepIndex >= #obj.spec.rollout.steps
end
if role == "Canary" then
  actions.abort.disabled = false
  if not promoting then
    actions.promote.disabled = false
    if phase == "Paused" then
      actions.resume.disabled = false
    else
      actions.pause.disabled = false
    end
  end
elseif role == "Retired" and (phase == "Retired" or phase == "Aborted") then
  actions.promote.disabled = false
  actions.promote.displayName = "Promote (roll back to this version)"
end
if phase == "Aborted" then
  actions.retry.disabled = false
end
return actions
