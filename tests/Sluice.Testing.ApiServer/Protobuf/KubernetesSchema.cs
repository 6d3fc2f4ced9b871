namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>
/// Field numbers of the Kubernetes messages that kubectl's typed clients send (<c>kubectl create namespace|secret|configmap|
/// serviceaccount|deployment</c> and <c>kubectl run</c>), from the <c>generated.proto</c> files of k8s.io/api (core/v1,
/// apps/v1) and k8s.io/apimachinery (meta/v1). Only what these commands can send is listed: a field missing here that
/// arrives with a value is refused (415 naming the message and field), never dropped.
/// </summary>
internal static class KubernetesSchema
{
    private const ProtoKind S = ProtoKind.String;
    private const ProtoKind I = ProtoKind.Int;
    private const ProtoKind B = ProtoKind.Bool;
    private const ProtoKind M = ProtoKind.Message;

    /// <summary>The top-level kinds this server decodes, by apiVersion and kind, to their message.</summary>
    public static IReadOnlyDictionary<(string ApiVersion, string Kind), string> Kinds { get; } = new Dictionary<(string, string), string>
    {
        [("v1", "Namespace")] = "Namespace",
        [("v1", "Secret")] = "Secret",
        [("v1", "ConfigMap")] = "ConfigMap",
        [("v1", "ServiceAccount")] = "ServiceAccount",
        [("v1", "Pod")] = "Pod",
        [("apps/v1", "Deployment")] = "Deployment",
    };

    public static IReadOnlyDictionary<string, IReadOnlyDictionary<int, ProtoField>> Messages { get; } = new Dictionary<string, IReadOnlyDictionary<int, ProtoField>>
    {
        // k8s.io/apimachinery/pkg/apis/meta/v1
        ["ObjectMeta"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", S), [2] = new("generateName", S), [3] = new("namespace", S), [4] = new("selfLink", S),
            [5] = new("uid", S), [6] = new("resourceVersion", S), [7] = new("generation", I),
            [8] = new("creationTimestamp", ProtoKind.Time), [9] = new("deletionTimestamp", ProtoKind.Time),
            [10] = new("deletionGracePeriodSeconds", I, Pointer: true),
            [11] = new("labels", ProtoKind.StringMap), [12] = new("annotations", ProtoKind.StringMap),
            [13] = new("ownerReferences", M, "OwnerReference", Repeated: true), [14] = new("finalizers", S, Repeated: true),
        },
        ["OwnerReference"] = new Dictionary<int, ProtoField>
        {
            [5] = new("apiVersion", S), [1] = new("kind", S), [3] = new("name", S), [4] = new("uid", S),
            [6] = new("controller", B, Pointer: true), [7] = new("blockOwnerDeletion", B, Pointer: true),
        },
        ["LabelSelector"] = new Dictionary<int, ProtoField>
        {
            [1] = new("matchLabels", ProtoKind.StringMap),
            [2] = new("matchExpressions", M, "LabelSelectorRequirement", Repeated: true),
        },
        ["LabelSelectorRequirement"] = new Dictionary<int, ProtoField>
        {
            [1] = new("key", S), [2] = new("operator", S), [3] = new("values", S, Repeated: true),
        },

        // k8s.io/api/core/v1
        ["Namespace"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [2] = new("spec", M, "NamespaceSpec"), [3] = new("status", M, "NamespaceStatus"),
        },
        ["NamespaceSpec"] = new Dictionary<int, ProtoField> { [1] = new("finalizers", S, Repeated: true) },
        ["NamespaceStatus"] = new Dictionary<int, ProtoField> { [1] = new("phase", S) },
        ["Secret"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [5] = new("immutable", B, Pointer: true),
            [2] = new("data", ProtoKind.BytesMap), [4] = new("stringData", ProtoKind.StringMap), [3] = new("type", S),
        },
        ["ConfigMap"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [4] = new("immutable", B, Pointer: true),
            [2] = new("data", ProtoKind.StringMap), [3] = new("binaryData", ProtoKind.BytesMap),
        },
        ["ServiceAccount"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [4] = new("automountServiceAccountToken", B, Pointer: true),
        },
        ["Pod"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [2] = new("spec", M, "PodSpec"), [3] = new("status", M, "PodStatus"),
        },
        ["PodTemplateSpec"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [2] = new("spec", M, "PodSpec"),
        },
        ["PodSpec"] = new Dictionary<int, ProtoField>
        {
            [20] = new("initContainers", M, "Container", Repeated: true), [2] = new("containers", M, "Container", Repeated: true),
            [3] = new("restartPolicy", S), [4] = new("terminationGracePeriodSeconds", I, Pointer: true),
            [5] = new("activeDeadlineSeconds", I, Pointer: true), [6] = new("dnsPolicy", S),
            [7] = new("nodeSelector", ProtoKind.StringMap), [8] = new("serviceAccountName", S), [9] = new("serviceAccount", S),
            [21] = new("automountServiceAccountToken", B, Pointer: true), [10] = new("nodeName", S),
            [11] = new("hostNetwork", B), [12] = new("hostPID", B), [13] = new("hostIPC", B),
            [27] = new("shareProcessNamespace", B, Pointer: true), [16] = new("hostname", S), [17] = new("subdomain", S),
            [19] = new("schedulerName", S), [24] = new("priorityClassName", S), [25] = new("priority", I, Pointer: true),
            [29] = new("runtimeClassName", S, Pointer: true), [30] = new("enableServiceLinks", B, Pointer: true),
            [31] = new("preemptionPolicy", S, Pointer: true), [35] = new("setHostnameAsFQDN", B, Pointer: true),
            [37] = new("hostUsers", B, Pointer: true),
        },
        ["PodStatus"] = new Dictionary<int, ProtoField>
        {
            [1] = new("phase", S), [3] = new("message", S), [4] = new("reason", S), [11] = new("nominatedNodeName", S),
        },
        ["Container"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", S), [2] = new("image", S), [3] = new("command", S, Repeated: true), [4] = new("args", S, Repeated: true),
            [5] = new("workingDir", S), [6] = new("ports", M, "ContainerPort", Repeated: true), [7] = new("env", M, "EnvVar", Repeated: true),
            [8] = new("resources", M, "ResourceRequirements"), [13] = new("terminationMessagePath", S),
            [20] = new("terminationMessagePolicy", S), [14] = new("imagePullPolicy", S),
            [16] = new("stdin", B), [17] = new("stdinOnce", B), [18] = new("tty", B),
        },
        ["ContainerPort"] = new Dictionary<int, ProtoField>
        {
            [1] = new("name", S), [2] = new("hostPort", I), [3] = new("containerPort", I), [4] = new("protocol", S), [5] = new("hostIP", S),
        },
        ["EnvVar"] = new Dictionary<int, ProtoField> { [1] = new("name", S), [2] = new("value", S) },
        ["ResourceRequirements"] = new Dictionary<int, ProtoField>
        {
            [1] = new("limits", ProtoKind.QuantityMap), [2] = new("requests", ProtoKind.QuantityMap),
        },

        // k8s.io/api/apps/v1
        ["Deployment"] = new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", M, "ObjectMeta"), [2] = new("spec", M, "DeploymentSpec"), [3] = new("status", M, "DeploymentStatus"),
        },
        ["DeploymentSpec"] = new Dictionary<int, ProtoField>
        {
            [1] = new("replicas", I, Pointer: true), [2] = new("selector", M, "LabelSelector"), [3] = new("template", M, "PodTemplateSpec"),
            [4] = new("strategy", M, "DeploymentStrategy"), [5] = new("minReadySeconds", I),
            [6] = new("revisionHistoryLimit", I, Pointer: true), [7] = new("paused", B), [9] = new("progressDeadlineSeconds", I, Pointer: true),
        },
        ["DeploymentStatus"] = new Dictionary<int, ProtoField>
        {
            [1] = new("observedGeneration", I), [2] = new("replicas", I), [3] = new("updatedReplicas", I), [7] = new("readyReplicas", I),
            [4] = new("availableReplicas", I), [5] = new("unavailableReplicas", I), [8] = new("collisionCount", I, Pointer: true),
        },
        ["DeploymentStrategy"] = new Dictionary<int, ProtoField>
        {
            [1] = new("type", S), [2] = new("rollingUpdate", M, "RollingUpdateDeployment"),
        },
        ["RollingUpdateDeployment"] = new Dictionary<int, ProtoField>
        {
            [1] = new("maxUnavailable", ProtoKind.IntOrString), [2] = new("maxSurge", ProtoKind.IntOrString),
        },
    };
}
