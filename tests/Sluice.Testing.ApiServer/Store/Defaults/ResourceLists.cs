using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// Quantities as stored: every value of a resource list (requests, limits, overhead) rounded up to milli units
/// (SetDefaults_ResourceList in pkg/apis/core/v1/defaults.go) and written in canonical form.
/// </summary>
internal static class ResourceLists
{
    private const int MilliExponent = -3;

    public static void Canonicalize(ResourceType t, JsonObject? list)
    {
        if (list is null)
        {
            return;
        }
        foreach (var key in list.Select(kv => kv.Key).ToList())
        {
            list[key] = Text(t, list[key], MilliExponent);
        }
    }

    /// <summary>One quantity field outside a resource list (a divisor, an emptyDir sizeLimit): canonical, not rounded.</summary>
    public static JsonNode Text(ResourceType t, JsonNode? value, int? roundTo = null)
    {
        var parsed = Parse(t, value, out var kept);
        if (roundTo is { } exponent && parsed.Exponent < exponent)
        {
            parsed = parsed.RoundUp(exponent);
            kept = null;
        }
        return JsonValue.Create(kept ?? parsed.ToString());
    }

    /// <summary>A quantity given as a JSON string or number (Quantity.UnmarshalJSON takes both).</summary>
    public static Quantity Parse(ResourceType t, JsonNode? value, out string? kept)
    {
        var text = value is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            _ => null,
        } : null;
        if (text is null)
        {
            throw Decoding.Error(t, Quantity.FormatError);
        }
        return Quantity.TryParse(text, out var q, out kept, out var error) ? q : throw Decoding.Error(t, error);
    }
}
