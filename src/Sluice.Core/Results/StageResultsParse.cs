using System.Text.Json;

namespace Sluice.Core.Results;

/// <summary>What a stage's termination message held: its results, or why they fail the stage.</summary>
public sealed record StageResultsParse(IReadOnlyDictionary<string, JsonElement>? Results, string? Error);
