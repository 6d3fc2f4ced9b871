using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Sluice.Core.Api;

namespace Sluice.Core.Runs;

/// <summary>
/// A short, stable fingerprint of what a run of a Pipeline would do, for <c>runPolicy.runOnSpecChange</c>: one run per
/// digest, even across operator restarts (the digest is in the run's name). Only fields that change a run's work
/// count: editing the schedule, the run policy, the history limits or the TTL starts no run.
/// </summary>
public static class SpecDigest
{
    public const int Length = 10;

    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The first 10 hex digits of the sha256 of <see cref="CanonicalJson"/>.</summary>
    public static string Of(PipelineSpec spec) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalJson(spec))))[..Length];

    /// <summary>The run started for this spec: <c>&lt;pipeline&gt;-spec-&lt;digest&gt;</c>, short enough for its Job names.</summary>
    public static string RunName(string pipeline, PipelineSpec spec) =>
        RunNames.ForSpec(pipeline, Of(spec), RunNames.MaxLength(spec));

    /// <summary>
    /// The run-relevant part of the spec as JSON with object keys sorted (ordinal), nulls, empty lists and empty
    /// objects left out, and list order kept (it is meaningful). Two specs that differ only in map order or in an
    /// absent versus empty field give the same text.
    /// </summary>
    public static string CanonicalJson(PipelineSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var work = spec with
        {
            Schedule = null,
            RunPolicy = null,
            SuccessfulRunsHistoryLimit = null,
            FailedRunsHistoryLimit = null,
            TtlSecondsAfterFinished = null,
        };
        var node = JsonSerializer.SerializeToNode(work, Options);
        return Canonical(node)?.ToJsonString() ?? "{}";
    }

    private static JsonNode? Canonical(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
            {
                var sorted = new JsonObject();
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    if (Canonical(value) is { } canonical)
                    {
                        sorted[key] = canonical;
                    }
                }

                return sorted.Count == 0 ? null : sorted;
            }

            case JsonArray array:
            {
                if (array.Count == 0)
                {
                    return null;
                }

                // Items are kept even when empty, so positions (and so meaning) never shift.
                var copy = new JsonArray();
                foreach (var item in array)
                {
                    copy.Add(Canonical(item));
                }

                return copy;
            }

            default:
                return node?.DeepClone();
        }
    }
}
