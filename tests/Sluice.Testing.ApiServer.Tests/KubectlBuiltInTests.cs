namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Real kubectl 1.32 on the built-in kinds an install uses: their table columns, and what `kubectl create` can do.</summary>
public sealed class KubectlBuiltInTests : IAsyncLifetime
{
    private readonly CancellationTokenSource cts = new(TimeSpan.FromSeconds(90));
    private readonly string dir = Directory.CreateTempSubdirectory("sluice-apiserver-").FullName;
    private TestApiServer server = null!;
    private Kubectl kubectl = null!;

    private const string Objects = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRole
        metadata: {name: op}
        rules: [{apiGroups: [batch], resources: [jobs], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: ClusterRoleBinding
        metadata: {name: op}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: op}
        subjects: [{kind: ServiceAccount, name: op, namespace: default}, {kind: Group, name: ops}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: lease}
        rules: [{apiGroups: [coordination.k8s.io], resources: [leases], verbs: [get]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: lease}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: lease}
        subjects: [{kind: ServiceAccount, name: op, namespace: default}]
        ---
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata: {name: op}
        spec: {maxUnavailable: 1, selector: {matchLabels: {app: op}}}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: creds}
        stringData: {AWS_ACCESS_KEY_ID: a, AWS_SECRET_ACCESS_KEY: b}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: op}
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings}
        data: {a: "1", b: "2", c: "3"}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: web}
        spec: {selector: {app: web, tier: front}, ports: [{name: http, port: 80, targetPort: 8080}, {name: metrics, port: 9090, protocol: TCP}]}
        ---
        apiVersion: v1
        kind: Service
        metadata: {name: edge}
        spec: {type: NodePort, selector: {app: edge}, ports: [{port: 443, nodePort: 30443}]}
        """;

    public async Task InitializeAsync()
    {
        server = await TestApiServer.StartAsync(ct: cts.Token);
        var kubeconfig = Path.Combine(dir, "kubeconfig");
        server.WriteKubeconfig(kubeconfig);
        kubectl = new Kubectl(kubeconfig, dir);
        await kubectl.OkAsync("apply -f -", cts.Token, Objects);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        cts.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    [Theory]
    [InlineData("get clusterroles op", @"NAME\s+CREATED AT\s*\nop\s+\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")]
    [InlineData("get clusterrolebindings op -o wide", @"NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\s*\nop\s+ClusterRole/op\s+\d+s\s+ops\s+default/op")]
    [InlineData("get roles", @"NAME\s+CREATED AT\s*\nlease\s+\d{4}-")]
    [InlineData("get rolebindings", @"NAME\s+ROLE\s+AGE\s*\nlease\s+Role/lease\s+\d+s")]
    [InlineData("get pdb", @"NAME\s+MIN AVAILABLE\s+MAX UNAVAILABLE\s+ALLOWED DISRUPTIONS\s+AGE\s*\nop\s+N/A\s+1\s+0\s+\d+s")]
    [InlineData("get secret creds", @"NAME\s+TYPE\s+DATA\s+AGE\s*\ncreds\s+Opaque\s+2\s+\d+s")]
    [InlineData("get serviceaccount op", @"NAME\s+SECRETS\s+AGE\s*\nop\s+0\s+\d+s")]
    [InlineData("get configmap settings", @"NAME\s+DATA\s+AGE\s*\nsettings\s+3\s+\d+s")]
    [InlineData("get svc web -o wide", @"NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE\s+SELECTOR\s*\nweb\s+ClusterIP\s+10\.\d+\.\d+\.\d+\s+<none>\s+80/TCP,9090/TCP\s+\d+s\s+app=web,tier=front")]
    [InlineData("get svc edge", @"edge\s+NodePort\s+10\.\d+\.\d+\.\d+\s+<none>\s+443:30443/TCP\s+\d+s")]
    public async Task Get_prints_the_columns_kube_apiserver_prints(string command, string expected)
    {
        Assert.Matches(expected, await kubectl.OkAsync(command, cts.Token));
    }

    [Fact]
    public async Task Describe_of_a_binding_shows_its_role_and_subjects()
    {
        var describe = await kubectl.OkAsync("describe clusterrolebinding op", cts.Token);
        Assert.Matches(@"Role:\s*\n\s+Kind:\s+ClusterRole\s*\n\s+Name:\s+op", describe);
        Assert.Matches(@"ServiceAccount\s+op\s+default", describe);
    }

    [Fact]
    public async Task Reapply_drops_fields_outside_retain_keys_even_when_kubectl_never_applied_them()
    {
        // A Deployment's strategy has the retainKeys patch strategy: switching to Recreate must drop a rollingUpdate
        // that someone else (a default, a kubectl patch) put there, which kubectl cannot send as null.
        const string Deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: store}
            spec:
              selector: {matchLabels: {app: store}}
              strategy: {type: RollingUpdate}
              template:
                metadata: {labels: {app: store}}
                spec:
                  containers: [{name: c, image: i}]
            """;
        await kubectl.OkAsync("apply -f -", cts.Token, Deployment);
        await kubectl.OkAsync("""patch deploy store -p {"spec":{"strategy":{"rollingUpdate":{"maxSurge":2}}}}""", cts.Token);
        var recreate = Deployment.Replace("{type: RollingUpdate}", "{type: Recreate}", StringComparison.Ordinal);
        Assert.Contains("configured", await kubectl.OkAsync("apply -f -", cts.Token, recreate), StringComparison.Ordinal);
        Assert.Equal("""{"type":"Recreate"}""", await kubectl.OkAsync("get deploy store -o jsonpath={.spec.strategy}", cts.Token));
    }

    [Fact]
    public async Task Scale_goes_through_the_scale_subresource_and_the_deployment_controller_follows()
    {
        const string Deployment = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              replicas: 1
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec:
                  containers: [{name: c, image: i}]
            """;
        await kubectl.OkAsync("apply -f -", cts.Token, Deployment);
        Assert.Contains("deployment.apps/web scaled", await kubectl.OkAsync("scale deploy/web --replicas=3", cts.Token), StringComparison.Ordinal);
        Assert.Equal("3/3", await kubectl.OkAsync("get deploy web -o jsonpath={.spec.replicas}/{.status.readyReplicas}", cts.Token));
        Assert.Equal(3, (await kubectl.OkAsync("get pods -l app=web -o name", cts.Token)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        var scale = await kubectl.OkAsync("get --raw /apis/apps/v1/namespaces/default/deployments/web/scale", cts.Token);
        Assert.Contains("\"kind\":\"Scale\"", scale, StringComparison.Ordinal);
        Assert.Contains("\"selector\":\"app=web\"", scale, StringComparison.Ordinal);

        var (code, _, err) = await kubectl.RunAsync("scale deploy/web --replicas=5 --current-replicas=2", cts.Token);
        Assert.NotEqual(0, code);
        Assert.Contains("Expected replicas to be 2, was 3", err, StringComparison.Ordinal);
        Assert.Matches(@"web\s+3/3", await kubectl.OkAsync("get deploy web", cts.Token));
    }
}
