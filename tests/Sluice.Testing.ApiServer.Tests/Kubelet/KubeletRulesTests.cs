using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Controllers;
using Sluice.Testing.ApiServer.Kubelet;

namespace Sluice.Testing.ApiServer.Tests.Kubelet;

public sealed class KubeletRulesTests
{
    [Theory]
    [InlineData("$(A)", "a")]
    [InlineData("x$(A)y$(B)z", "xaybz")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$$$", "$$")]
    [InlineData("$(A", "$(A")]
    [InlineData("$A", "$A")]
    [InlineData("cost: 5$", "cost: 5$")]
    [InlineData("$()", "$()")]
    public void Variable_references_expand_as_the_kubelet_does(string input, string expected) =>
        Assert.Equal(expected, EnvExpansion.Expand(input, k => k switch { "A" => "a", "B" => "b", _ => null }));

    [Theory]
    [InlineData("ghcr.io/sluice-dev/sluice", "ghcr.io/sluice-dev/sluice:0.3.0", true)]
    [InlineData("ghcr.io/sluice-dev/sluice", "ghcr.io/sluice-dev/sluice@sha256:abcd", true)]
    [InlineData("ghcr.io/sluice-dev/sluice", "ghcr.io/sluice-dev/sluice:1@sha256:abcd", true)]
    [InlineData("ghcr.io/sluice-dev/sluice", "ghcr.io/sluice-dev/sluice-extra:1", false)]
    [InlineData("busybox", "docker.io/library/busybox:1.36", true)]
    [InlineData("docker.io/library/busybox", "busybox", true)]
    [InlineData("localhost:5000/app", "localhost:5000/app:dev", true)]
    [InlineData("localhost:5000/app", "localhost:5001/app:dev", false)]
    public void An_image_mapping_matches_every_tag_and_digest_of_its_repository(string repository, string image, bool matches) =>
        Assert.Equal(matches, new ImageMapping(repository, "/bin/true").Matches(image));

    [Theory]
    [InlineData("noequals")]
    [InlineData("=/bin/sh")]
    [InlineData("busybox=")]
    [InlineData("busybox:1.36=/bin/sh")]
    public void A_malformed_mapping_is_refused_with_the_flag_named(string text) =>
        Assert.StartsWith("--run-image:", Assert.Throws<FormatException>(() => ImageMapping.Parse(text)).Message);

    [Theory]
    [InlineData(new string[0], new[] { "serve" }, "/opt/sluice", new[] { "serve" })]
    [InlineData(new[] { "sluice" }, new[] { "serve" }, "/opt/sluice", new[] { "serve" })]
    [InlineData(new[] { "/usr/local/bin/sluice", "step" }, new[] { "x" }, "/opt/sluice", new[] { "step", "x" })]
    [InlineData(new[] { "/bin/sh", "-c", "echo $(A)" }, new string[0], "/bin/sh", new[] { "-c", "echo a" })]
    public void A_command_maps_onto_the_images_executable(string[] command, string[] args, string executable, string[] expected)
    {
        var (exe, resolved) = ContainerCommand.Resolve("/opt/sluice", command, args, k => k == "A" ? "a" : null);
        Assert.Equal(executable, exe);
        Assert.Equal(expected, resolved);
    }

    [Fact]
    public void The_crash_back_off_restarts_at_once_then_waits_10s_doubling_to_5_minutes()
    {
        var backoff = new CrashBackoff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300));
        var t = DateTimeOffset.UnixEpoch;
        var waits = new List<double>();
        for (var crash = 0; crash < 8; crash++)
        {
            var wait = backoff.Remaining("c", t, t);
            waits.Add(wait.TotalSeconds);
            t += wait;
            backoff.Next("c", t - wait, t);
        }

        Assert.Equal([0, 10, 20, 40, 80, 160, 300, 300], waits);
        Assert.Equal(TimeSpan.Zero, backoff.Remaining("c", t + TimeSpan.FromSeconds(601), t + TimeSpan.FromSeconds(601)));
    }

    [Theory]
    [InlineData("25%", "25%", 4, 1, 1)]
    [InlineData("25%", "25%", 2, 1, 0)]
    [InlineData("25%", "25%", 10, 3, 2)]
    [InlineData(0, 0, 3, 0, 1)]
    [InlineData(1, 0, 2, 1, 0)]
    [InlineData("50%", "50%", 3, 2, 1)]
    public void Surge_rounds_up_and_unavailability_down(object surge, object unavailable, int replicas, int expectedSurge, int expectedUnavailable)
    {
        JsonNode? Node(object o) => o is int i ? JsonValue.Create(i) : JsonValue.Create((string)o);
        Assert.Equal((expectedSurge, expectedUnavailable), RollingUpdate.Fenceposts(Node(surge), Node(unavailable), replicas));
    }

    [Theory]
    // replicas, surge, new, old -> create
    [InlineData(2, 1, 0, 2, 1)]
    [InlineData(2, 1, 1, 2, 0)]
    [InlineData(2, 1, 1, 1, 1)]
    [InlineData(3, 0, 0, 3, 0)]
    [InlineData(3, 2, 0, 0, 3)]
    public void A_rollout_adds_new_pods_within_the_surge(int replicas, int surge, int newPods, int oldPods, int expected) =>
        Assert.Equal(expected, RollingUpdate.ScaleUp(replicas, surge, newPods, oldPods));

    [Theory]
    // replicas, unavailable allowed, new, new available, old, old available -> (unhealthy, healthy) removed
    [InlineData(2, 0, 1, 0, 2, 2, 0, 0)]
    [InlineData(2, 0, 1, 1, 2, 2, 0, 1)]
    [InlineData(3, 1, 0, 0, 3, 3, 0, 1)]
    [InlineData(3, 1, 0, 0, 3, 1, 1, 0)]
    [InlineData(2, 0, 2, 2, 1, 1, 0, 1)]
    public void A_rollout_removes_old_pods_keeping_the_minimum_available(int replicas, int unavailable, int newPods, int newAvailable, int oldPods, int oldAvailable, int unhealthy, int healthy) =>
        Assert.Equal((unhealthy, healthy), RollingUpdate.ScaleDown(replicas, unavailable, newPods, newAvailable, oldPods, oldAvailable));
}
