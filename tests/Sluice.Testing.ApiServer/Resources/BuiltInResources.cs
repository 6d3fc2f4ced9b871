namespace Sluice.Testing.ApiServer.Resources;

/// <summary>The built-in kinds the server serves before any CRD is applied.</summary>
internal static class BuiltInResources
{
    public static IReadOnlyList<ResourceType> All { get; } =
    [
        new("", "v1", "Namespace", "namespaces", false, ["ns"], true),
        new("", "v1", "Pod", "pods", true, ["po"], true) { Categories = ["all"] },
        new("", "v1", "Service", "services", true, ["svc"], true) { Categories = ["all"] },
        new("", "v1", "ConfigMap", "configmaps", true, ["cm"], false),
        new("", "v1", "Secret", "secrets", true, [], false),
        new("", "v1", "ServiceAccount", "serviceaccounts", true, ["sa"], false),
        new("", "v1", "Event", "events", true, ["ev"], false),
        new("", "v1", "Endpoints", "endpoints", true, ["ep"], false),
        new("", "v1", "Node", "nodes", false, ["no"], true),
        new("", "v1", "PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"], true),
        new("apps", "v1", "Deployment", "deployments", true, ["deploy"], true) { Categories = ["all"], HasScale = true },
        new("apps", "v1", "ReplicaSet", "replicasets", true, ["rs"], true) { Categories = ["all"], HasScale = true },
        new("batch", "v1", "Job", "jobs", true, [], true) { Categories = ["all"], DefaultOrphan = true },
        new("batch", "v1", "CronJob", "cronjobs", true, ["cj"], true) { Categories = ["all"] },
        new("coordination.k8s.io", "v1", "Lease", "leases", true, [], false),
        new("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, [], false),
        new("events.k8s.io", "v1", "Event", "events", true, ["ev"], false) { SharedStorage = "/events" },
        new("policy", "v1", "PodDisruptionBudget", "poddisruptionbudgets", true, ["pdb"], true),
        new("rbac.authorization.k8s.io", "v1", "Role", "roles", true, [], false),
        new("rbac.authorization.k8s.io", "v1", "RoleBinding", "rolebindings", true, [], false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRole", "clusterroles", false, [], false),
        new("rbac.authorization.k8s.io", "v1", "ClusterRoleBinding", "clusterrolebindings", false, [], false),
        new("apiextensions.k8s.io", "v1", "CustomResourceDefinition", "customresourcedefinitions", false, ["crd", "crds"], true),
    ];
}
