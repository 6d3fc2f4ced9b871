using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// Volume defaults (pkg/apis/core/v1/defaults.go: SetDefaults_Volume, SetDefaults_SecretVolumeSource,
/// SetDefaults_ConfigMapVolumeSource, SetDefaults_DownwardAPIVolumeSource, SetDefaults_ProjectedVolumeSource,
/// SetDefaults_ServiceAccountTokenProjection, SetDefaults_HostPathVolumeSource, SetDefaults_PersistentVolumeClaimSpec):
/// a volume without a source is an emptyDir, file modes 0644 (420), token expiry one hour. The in-tree plugins
/// (iscsi, rbd, azureDisk, scaleIO) are not defaulted here.
/// </summary>
internal static class VolumeDefaults
{
    private const int DefaultMode = 420;

    public static void Apply(ResourceType t, JsonObject volume)
    {
        if (!volume.Any(kv => kv.Key != "name" && kv.Value is not null))
        {
            volume["emptyDir"] = new JsonObject();
        }
        if (JsonFields.Object(volume, "emptyDir") is { } emptyDir && emptyDir["sizeLimit"] is { } sizeLimit)
        {
            emptyDir["sizeLimit"] = ResourceLists.Text(t, sizeLimit);
        }
        if (JsonFields.Object(volume, "hostPath") is { } hostPath && hostPath["type"] is null)
        {
            hostPath["type"] = "";
        }
        foreach (var source in new[] { "secret", "configMap", "downwardAPI", "projected" })
        {
            if (JsonFields.Object(volume, source) is { } s && s["defaultMode"] is null)
            {
                s["defaultMode"] = DefaultMode;
            }
        }
        foreach (var item in JsonFields.Items(JsonFields.Object(volume, "downwardAPI"), "items"))
        {
            ContainerDefaults.EnvSource(t, item);
        }
        foreach (var projection in JsonFields.Items(JsonFields.Object(volume, "projected"), "sources"))
        {
            foreach (var item in JsonFields.Items(JsonFields.Object(projection, "downwardAPI"), "items"))
            {
                ContainerDefaults.EnvSource(t, item);
            }
            if (JsonFields.Object(projection, "serviceAccountToken") is { } token && token["expirationSeconds"] is null)
            {
                token["expirationSeconds"] = 3600;
            }
        }
        if (JsonFields.Object(JsonFields.Object(volume, "ephemeral"), "volumeClaimTemplate") is { } claim)
        {
            Templates.Metadata(claim);
            ClaimSpec(t, JsonFields.Ensure(claim, "spec"));
        }
    }

    /// <summary>A PersistentVolumeClaimSpec: volumeMode Filesystem, canonical resource quantities.</summary>
    public static void ClaimSpec(ResourceType t, JsonObject spec)
    {
        JsonFields.Default(spec, "volumeMode", "Filesystem");
        var resources = JsonFields.Object(spec, "resources");
        ResourceLists.Canonicalize(t, JsonFields.Object(resources, "limits"));
        ResourceLists.Canonicalize(t, JsonFields.Object(resources, "requests"));
    }
}
