using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store.Defaults;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>The pure rules behind the defaults: quantity canonical form, image pull policy, QoS class.</summary>
public sealed class DefaultsLogicTests
{
    private static readonly ResourceType Pod = BuiltInResources.All.Single(t => t.Plural == "pods");

    [Theory]
    [InlineData("1024Mi", "1Gi")]
    [InlineData("1536Mi", "1536Mi")]
    [InlineData("1.5Gi", "1536Mi")]
    [InlineData("0.5Ki", "512")]
    [InlineData("0.5", "500m")]
    [InlineData("1000m", "1")]
    [InlineData("1500m", "1500m")]
    [InlineData("100m", "100m")]
    [InlineData("1000", "1k")]
    [InlineData("1000M", "1G")]
    [InlineData("12e6", "12e6")]
    [InlineData("1.5e3", "1500")]
    [InlineData("1e3", "1e3")]
    [InlineData("1E3", "1E3")]
    [InlineData("+1", "+1")]
    [InlineData("0", "0")]
    [InlineData("00.000", "0")]
    [InlineData("0.1n", "1n")]
    [InlineData("-1.5", "-1500m")]
    [InlineData("129e6", "129e6")]
    public void Quantities_are_written_back_canonically(string written, string canonical)
    {
        Assert.True(Quantity.TryParse(written, out var q, out var kept, out _));
        Assert.Equal(canonical, kept ?? q.ToString());
    }

    [Theory]
    [InlineData("1K", Quantity.SuffixError)]
    [InlineData("1Gb", Quantity.FormatError)]
    [InlineData("1.5.5", Quantity.FormatError)]
    [InlineData("", Quantity.FormatError)]
    [InlineData("abc", Quantity.FormatError)]
    public void Malformed_quantities_are_refused_with_the_decoder_message(string written, string error)
    {
        Assert.False(Quantity.TryParse(written, out _, out _, out var message));
        Assert.Equal(error, message);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("localhost:5000/app", "Always")]
    [InlineData("localhost:5000/app:v2", "IfNotPresent")]
    [InlineData("ghcr.io/sluice-dev/sluice@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("ghcr.io/sluice-dev/sluice:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    [InlineData("ghcr.io/Sluice/App", "IfNotPresent")]
    [InlineData("", "IfNotPresent")]
    public void Image_pull_policy_follows_the_tag(string image, string policy) => Assert.Equal(policy, ImagePullPolicy.For(image));

    [Theory]
    [InlineData("""{"containers":[{"name":"a"}]}""", "BestEffort")]
    [InlineData("""{"containers":[{"name":"a","resources":{"requests":{"cpu":"0"}}}]}""", "BestEffort")]
    [InlineData("""{"containers":[{"name":"a","resources":{"requests":{"cpu":"100m"}}}]}""", "Burstable")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}}]}""", "Guaranteed")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1000m","memory":"1024Mi"}}}]}""", "Guaranteed")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"500m","memory":"1Gi"}}}]}""", "Burstable")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"cpu":"1"},"requests":{"cpu":"1"}}}]}""", "Burstable")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"cpu":"1","memory":"1Gi"},"requests":{"cpu":"1","memory":"1Gi"}}}],"initContainers":[{"name":"i"}]}""", "Burstable")]
    [InlineData("""{"containers":[{"name":"a","resources":{"limits":{"nvidia.com/gpu":"1"}}}]}""", "BestEffort")]
    public void Qos_class_follows_the_kube_rules(string spec, string qos) =>
        Assert.Equal(qos, PodQos.Of(Pod, JsonNode.Parse(spec)!.AsObject()));
}
