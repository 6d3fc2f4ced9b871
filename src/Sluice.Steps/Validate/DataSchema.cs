using System.Text.Json.Serialization;

namespace Sluice.Steps.Validate;

/// <summary>
/// The expected shape of a data set (<c>sluice.dev/schema/v1</c>). <c>Min</c>/<c>Max</c>/<c>Domain</c> are enforced when
/// set; an inferred schema records what it saw in <c>Observed*</c> and enforces only the categorical domain.
/// </summary>
public sealed record DataSchema(
    [property: JsonPropertyName("apiVersion")] string ApiVersion,
    [property: JsonPropertyName("columns")] IReadOnlyList<ColumnSchema> Columns)
{
    /// <summary>The label column (one of <see cref="Columns"/>), when known; passed on to the profile.</summary>
    [JsonPropertyName("target")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Target { get; init; }

    public const string Version = "sluice.dev/schema/v1";
}

/// <summary>One column: its kind (numeric|categorical), whether it may be missing, and its allowed values.</summary>
public sealed record ColumnSchema(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("required")] bool Required,
    [property: JsonPropertyName("min")] double? Min = null,
    [property: JsonPropertyName("max")] double? Max = null,
    [property: JsonPropertyName("domain")] IReadOnlyList<string>? Domain = null,
    [property: JsonPropertyName("observedMin")] double? ObservedMin = null,
    [property: JsonPropertyName("observedMax")] double? ObservedMax = null)
{
    public const string Numeric = "numeric";
    public const string Categorical = "categorical";
}
