namespace Sluice.Testing.ApiServer.Resources;

/// <summary>
/// The built-in kinds the server serves before any CRD is applied. Generation: only the kinds whose registry
/// strategy sets metadata.generation in 1.32 have one (pkg/registry/apps/deployment, replicaset, batch/job,
/// cronjob, policy/poddisruptionbudget and apiextensions customresourcedefinition strategies); pods got one only
/// in 1.33.
/// </summary>
internal static class BuiltInResources
{
    private const GenerationPolicy None = GenerationPolicy.None;

    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", false, ["ns"], true) { Generation = None },
        new("", "v1", "Pod", "pods", true, ["po"], true) { Categories = ["all"], Generation = None },
        new("", "v1", "Service", "services", true, ["svc"], true) { Categories = ["all"], Generation = None },
        new("", "v1", "ConfigMap", "configmaps", true, ["cm"], false) { Generation = None },
        new("", "v1", "Secret", "secrets", true, [], false) { Generation = None },
        new("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], false) { Generation = None },
        new("", "v1", "Event", "events", true, ["ev"], false) { Generation = None },
        new("", "v1", "Endpoints", "endpoints", true, ["ep"], false) { Generation = None },
        new("", "v1", "Node", "nodes", false, ["no"], true) { Generation = None },
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], true) { Generation = None },
        new("apps", "v1", "Deployment", "deployments", true, ["deploy"], true) { Categories = ["all"], HasScale = true, Generation = GenerationPolicy.SpecAndAnnotations },
        new("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], true) { Categories = ["all"], HasScale = true, Generation = GenerationPolicy.Spec },
        new("batch", "v1", "Job", "jobs", true, [], true) { Categories = ["all"], DefaultOrphan = true, Generation = GenerationPolicy.Spec },
        new("batch", "v1", "CronJob", "cronjobs", true, ["cj"], true) { Categories = ["all"], Generation = GenerationPolicy.Spec },
        new("coordination.k8s.io", "v1", "Lease", "leases", true, [], false) { Generation = None },
        // EndpointSlices keep the default policy: their strategy sets generation 1 and bumps it on every change.
        new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, [], false),
        new("events.k8s.io", "v1", "Event", "events", true, ["ev"], false) { SharedStorage = "/events", Generation = None },
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], true) { Generation = GenerationPolicy.Spec },
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true, [], false) { Generation = None },
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, [], false) { Generation = None },
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, [], false) { Generation = None },
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, [], false) { Generation = None },
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], true) { Generation = GenerationPolicy.Spec },
    ];
}
