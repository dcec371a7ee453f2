-- Argo CD health check for lambdaefs.io/LambdaEfsMount.
-- Install: deploy/argocd/argocd-cm-patch.yaml (key resource.customizations.health.lambdaefs.io_LambdaEfsMount).
-- It reads the kstatus conditions the operator writes, in the order kstatus does, so Argo CD and
-- Flux agree:
--   observedGeneration behind metadata.generation -> Progressing (the operator has not seen the spec)
--   Stalled=True                                   -> Degraded, with the Stalled message
--   Drifted=True, Ready not True, driftPolicy Report -> Degraded, with the Drifted message
--   Reconciling=True                               -> Progressing
--   Ready=True                                     -> Healthy
--   anything else (no status yet, Ready=False)     -> Progressing
local hs = { status = "Progressing", message = "Waiting for the operator to report status" }

local function condition(conditions, type)
  if conditions == nil then
    return nil
  end
  for _, c in ipairs(conditions) do
    if c.type == type then
      return c
    end
  end
  return nil
end

local function isTrue(c)
  return c ~= nil and c.status == "True"
end

local function messageOf(c, fallback)
  if c ~= nil and c.message ~= nil and c.message ~= "" then
    return c.message
  end
  if c ~= nil and c.reason ~= nil and c.reason ~= "" then
    return c.reason
  end
  return fallback
end

if obj.status == nil then
  return hs
end

local generation = nil
if obj.metadata ~= nil then
  generation = obj.metadata.generation
end
local observed = obj.status.observedGeneration
if generation ~= nil and (observed == nil or observed < generation) then
  hs.message = "Waiting for the operator to observe generation " .. generation
  return hs
end

local conditions = obj.status.conditions
local ready = condition(conditions, "Ready")
local stalled = condition(conditions, "Stalled")
local reconciling = condition(conditions, "Reconciling")
local drifted = condition(conditions, "Drifted")

if isTrue(stalled) then
  hs.status = "Degraded"
  hs.message = messageOf(stalled, "Stalled")
  return hs
end

local driftPolicy = "Correct"
if obj.spec ~= nil and obj.spec.driftPolicy ~= nil then
  driftPolicy = obj.spec.driftPolicy
end
if isTrue(drifted) and not isTrue(ready) and driftPolicy == "Report" then
  hs.status = "Degraded"
  hs.message = messageOf(drifted, "AWS differs from the spec (driftPolicy Report)")
  return hs
end

if isTrue(reconciling) then
  hs.message = messageOf(reconciling, "Reconciling")
  return hs
end

if isTrue(ready) then
  hs.status = "Healthy"
  hs.message = messageOf(ready, "Ready")
  return hs
end

hs.message = messageOf(ready, hs.message)
return hs
