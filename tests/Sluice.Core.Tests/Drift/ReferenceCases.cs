using System.Text.Json;

namespace Sluice.Core.Tests.Drift;

/// <summary>tests/testdata/drift/reference_cases.json: sample pairs with the values scipy 1.10 computed.</summary>
internal static class ReferenceCases
{
    private static readonly Lazy<JsonDocument> Document = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "testdata", "drift", "reference_cases.json"))));

    public static IEnumerable<JsonElement> All => Document.Value.RootElement.GetProperty("cases").EnumerateArray();

    public static JsonElement Case(string name) => All.Single(c => c.GetProperty("name").GetString() == name);

    public static double[] Numbers(JsonElement c, string side) =>
        [.. c.GetProperty(side).EnumerateArray().Select(v => v.GetDouble())];

    public static string?[] Strings(JsonElement c, string side) =>
        [.. c.GetProperty(side).EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Null ? null : v.ToString())];
}
