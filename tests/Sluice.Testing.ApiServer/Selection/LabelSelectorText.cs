using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Selection;

/// <summary>A metav1.LabelSelector object (matchLabels, matchExpressions) written as selector text.</summary>
internal static class LabelSelectorText
{
    public static string Of(JsonObject? selector)
    {
        var terms = new List<string>();
        foreach (var (key, value) in selector?["matchLabels"] as JsonObject ?? [])
        {
            terms.Add($"{key}={value}");
        }
        foreach (var e in (selector?["matchExpressions"] as JsonArray ?? []).OfType<JsonObject>())
        {
            var key = e["key"]?.GetValue<string>() ?? "";
            var values = string.Join(",", (e["values"] as JsonArray ?? []).Select(v => v?.GetValue<string>()));
            terms.Add(e["operator"]?.GetValue<string>() switch
            {
                "In" => $"{key} in ({values})",
                "NotIn" => $"{key} notin ({values})",
                "Exists" => key,
                "DoesNotExist" => "!" + key,
                var op => throw ApiException.BadRequest($"unknown label selector operator {op}"),
            });
        }
        return string.Join(",", terms);
    }
}
