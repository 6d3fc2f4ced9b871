using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Sluice.Artifacts;
using Sluice.Core.Api;

namespace Sluice.Runner;

/// <summary>
/// The ModelVersions <c>sluice run</c> registered, kept in its artifact store under
/// <c>registry/NAMESPACE/MODEL/VERSION.json</c>, each a ModelVersion manifest <c>kubectl apply</c> accepts. With no
/// canary here, the serving version is the last one registered.
/// </summary>
internal sealed class LocalRegistry(IArtifactStore store, string @namespace)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string KeyOf(string model, string version) => $"{Prefix(model)}{version}.json";

    public string UriOf(string model, string version) => store.UriOf(KeyOf(model, version));

    /// <summary>Every registered version of the model, oldest first (v1, v2, ...).</summary>
    public async Task<IReadOnlyList<ModelVersion>> VersionsAsync(string model, CancellationToken cancellationToken)
    {
        var versions = new List<ModelVersion>();
        try
        {
            await foreach (var item in store.ListAsync(Prefix(model), cancellationToken))
            {
                if (!item.Key.EndsWith(".json", StringComparison.Ordinal))
                {
                    continue;
                }

                await using var stream = await store.GetAsync(item.Key, cancellationToken);
                var version = await JsonSerializer.DeserializeAsync<ModelVersion>(stream, Json, cancellationToken)
                    ?? throw new PipelineException($"the local registry's {item.Uri} is empty");
                versions.Add(version);
            }
        }
        catch (JsonException e)
        {
            throw new PipelineException($"the local registry under {store.UriOf(Prefix(model))} holds a file that is not a ModelVersion: {e.Message}");
        }
        catch (ArtifactStoreException e)
        {
            throw new PipelineException($"cannot read the local registry under {store.UriOf(Prefix(model))}: {e.Message}");
        }

        return [.. versions.OrderBy(v => Number(v.Spec.Version)).ThenBy(v => v.Spec.Version, StringComparer.Ordinal)];
    }

    /// <summary>The version to beat: the last one registered (nothing is retired here), or null for a first model.</summary>
    public async Task<ModelVersion?> ServingAsync(string model, CancellationToken cancellationToken) =>
        (await VersionsAsync(model, cancellationToken)).LastOrDefault();

    public async Task<string> RegisterAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        var key = KeyOf(version.Spec.Model, version.Spec.Version);
        try
        {
            return (await store.PutAsync(key, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(version, Json)), cancellationToken)).Uri;
        }
        catch (ArtifactStoreException e)
        {
            throw new PipelineException($"cannot register {version.Metadata.Name} in the local registry: {e.Message}");
        }
    }

    private string Prefix(string model) => $"registry/{@namespace}/{model}/";

    private static int Number(string version) =>
        version is ['v', .. var digits] && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : int.MaxValue;
}
