using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>A parsed resource URL: /api/v1/... or /apis/G/V/..., with optional namespace, name and subresource.</summary>
internal sealed record ApiRoute(ResourceType Type, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>The storage namespace ("" for cluster-scoped kinds).</summary>
    public string Ns => Type.Namespaced ? Namespace ?? "" : "";

    /// <summary>Parses the segments after the group/version prefix, or returns null when they name no resource.</summary>
    public static ApiRoute? Parse(ResourceRegistry registry, string group, string version, string[] rest)
    {
        if (rest.Length >= 3 && rest[0] == "namespaces")
        {
            var nsType = registry.Find(group, version, rest[2]);
            if (nsType is { Namespaced: true })
            {
                return rest.Length switch
                {
                    3 => new ApiRoute(nsType, rest[1], null, null),
                    4 => new ApiRoute(nsType, rest[1], rest[3], null),
                    5 => new ApiRoute(nsType, rest[1], rest[3], rest[4]),
                    // services/NAME/proxy/PATH and pods/NAME/proxy/PATH: the path is forwarded (ProxyEndpoint).
                    > 5 when rest[4] == "proxy" && nsType is { Group: "", Plural: "services" or "pods" } => new ApiRoute(nsType, rest[1], rest[3], "proxy"),
                    _ => null,
                };
            }
        }
        if (rest.Length == 0)
        {
            return null;
        }
        var type = registry.Find(group, version, rest[0]);
        if (type is null)
        {
            throw new ApiException(404, "NotFound", "the server could not find the requested resource");
        }
        return rest.Length switch
        {
            1 => new ApiRoute(type, null, null, null),
            2 => new ApiRoute(type, null, rest[1], null),
            3 => new ApiRoute(type, null, rest[1], rest[2]),
            _ => null,
        };
    }
}
