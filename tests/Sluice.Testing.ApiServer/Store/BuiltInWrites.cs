using System.Text;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>What kube-apiserver's registry does to a built-in object on every write, before it is stored.</summary>
internal static class BuiltInWrites
{
    public static void Normalize(ResourceType t, JsonObject obj)
    {
        if (t.IsCustom)
        {
            return;
        }
        if (t.Group.Length == 0 && t.Plural == "secrets")
        {
            NormalizeSecret(obj);
        }
    }

    /// <summary>
    /// stringData is write-only: its entries are base64-encoded into data (overriding keys there) and the field is
    /// never stored, so readers only ever see data. The type defaults to Opaque.
    /// </summary>
    private static void NormalizeSecret(JsonObject secret)
    {
        if (secret["stringData"] is JsonObject stringData)
        {
            var data = secret["data"] as JsonObject ?? [];
            foreach (var (key, value) in stringData)
            {
                var text = value is JsonValue v && v.TryGetValue(out string? s) ? s : value?.ToJsonString() ?? "";
                data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
            }
            secret["data"] = data;
        }
        secret.Remove("stringData");
        if (secret["type"] is null)
        {
            secret["type"] = "Opaque";
        }
    }
}
