using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// Probe and handler defaults: SetDefaults_Probe and SetDefaults_HTTPGetAction in pkg/apis/core/v1/defaults.go,
/// and the declarative grpc.service default ("") that zz_generated.defaults.go applies.
/// </summary>
internal static class ProbeDefaults
{
    public static void Apply(JsonObject? probe)
    {
        if (probe is null)
        {
            return;
        }
        JsonFields.DefaultNonZero(probe, "timeoutSeconds", 1);
        JsonFields.DefaultNonZero(probe, "periodSeconds", 10);
        JsonFields.DefaultNonZero(probe, "successThreshold", 1);
        JsonFields.DefaultNonZero(probe, "failureThreshold", 3);
        HttpGet(JsonFields.Object(probe, "httpGet"));
        if (JsonFields.Object(probe, "grpc") is { } grpc && grpc["service"] is null)
        {
            grpc["service"] = "";
        }
    }

    public static void Lifecycle(JsonObject? lifecycle)
    {
        HttpGet(JsonFields.Object(JsonFields.Object(lifecycle, "postStart"), "httpGet"));
        HttpGet(JsonFields.Object(JsonFields.Object(lifecycle, "preStop"), "httpGet"));
    }

    private static void HttpGet(JsonObject? action)
    {
        if (action is null)
        {
            return;
        }
        JsonFields.Default(action, "path", "/");
        JsonFields.Default(action, "scheme", "HTTP");
    }
}
