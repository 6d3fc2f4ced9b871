using System.Net;
using Sluice.Runtime.Hosting;

namespace Sluice.Operator.Tests.Runtime;

public sealed class PodBindAddressTests
{
    [Theory]
    [InlineData("0.0.0.0", "127.12.3.4", "127.12.3.4")]
    [InlineData("::", "127.12.3.4", "127.12.3.4")]
    [InlineData("0.0.0.0", null, "0.0.0.0")]
    [InlineData("0.0.0.0", "  ", "0.0.0.0")]
    [InlineData("127.0.0.1", "127.12.3.4", "127.0.0.1")]
    [InlineData("10.1.2.3", "127.12.3.4", "10.1.2.3")]
    public void Only_a_wildcard_address_becomes_the_pods_address(string requested, string? variable, string expected) =>
        Assert.Equal(IPAddress.Parse(expected), PodBindAddress.Resolve(IPAddress.Parse(requested), variable));

    [Fact]
    public void A_malformed_variable_is_named()
    {
        var error = Assert.Throws<FormatException>(() => PodBindAddress.Resolve(IPAddress.Any, "pod-ip"));
        Assert.Equal("SLUICE_BIND_ADDRESS: \"pod-ip\" is not an IP address", error.Message);
    }
}
