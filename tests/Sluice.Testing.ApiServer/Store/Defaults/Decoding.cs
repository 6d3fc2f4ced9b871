using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>The 400 a body gets when kube-apiserver cannot decode one of its fields into the Go type.</summary>
internal static class Decoding
{
    public static ApiException Error(ResourceType t, string detail) =>
        ApiException.BadRequest($"{t.Kind} in version \"{t.Version}\" cannot be handled as a {t.Kind}: {detail}");
}
