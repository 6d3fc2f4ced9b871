using System.Text.Json;

namespace Sluice.Core.Registration;

/// <summary>What registration reads of a succeeded stage, under either executor: its output URIs and its results.</summary>
public sealed record StageOutcome(IReadOnlyDictionary<string, string> Outputs, IReadOnlyDictionary<string, JsonElement>? Results);
