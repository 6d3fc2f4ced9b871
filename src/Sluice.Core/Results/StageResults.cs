using System.Text;
using System.Text.Json;

namespace Sluice.Core.Results;

/// <summary>
/// A stage's results: a JSON object of at most 4096 bytes that a successful stage leaves as its termination
/// message (as Tekton's results are carried), so the operator learns small outputs such as metrics without reading
/// the artifact store. Kubernetes keeps at most 4096 bytes of the message, so anything larger cannot be trusted
/// whole and fails the stage.
/// </summary>
public static class StageResults
{
    public const int MaxBytes = 4096;

    /// <summary>
    /// The variable that names a container's termination-message file where it cannot be /dev/termination-log (a local
    /// run, the API test server's process kubelet).
    /// </summary>
    public const string TerminationMessageVariable = "SLUICE_TERMINATION_MESSAGE_PATH";

    /// <summary>The results of a successful stage's termination message; an empty message means none.</summary>
    public static StageResultsParse Parse(string? message)
    {
        if (string.IsNullOrWhiteSpace(message))
        {
            return new StageResultsParse(new Dictionary<string, JsonElement>(StringComparer.Ordinal), null);
        }

        var bytes = Encoding.UTF8.GetByteCount(message);
        if (bytes > MaxBytes)
        {
            return Error($"its results are {bytes} bytes, more than the {MaxBytes} a termination message holds; write large outputs as artifacts");
        }

        try
        {
            using var document = JsonDocument.Parse(message);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return Error($"its results must be a JSON object, not {document.RootElement.ValueKind.ToString().ToLowerInvariant()}");
            }

            var results = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                results[property.Name] = property.Value.Clone();
            }

            return new StageResultsParse(results, null);
        }
        catch (JsonException e)
        {
            return Error($"its results are not JSON ({e.Message.Split(" Path:", 2)[0].TrimEnd('.')}): the termination message of a successful stage must be a JSON object");
        }
    }

    /// <summary>The numeric members of a results object (metrics), as decimals; other members are left out.</summary>
    public static Dictionary<string, decimal> Numbers(IReadOnlyDictionary<string, JsonElement> results, string? member = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var source = member is null
            ? results
            : results.TryGetValue(member, out var nested) && nested.ValueKind == JsonValueKind.Object
                ? nested.EnumerateObject().ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal)
                : new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var numbers = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, value) in source)
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number))
            {
                numbers[name] = number;
            }
        }

        return numbers;
    }

    private static StageResultsParse Error(string message) => new(null, message);
}
