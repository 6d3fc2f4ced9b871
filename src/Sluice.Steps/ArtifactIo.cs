using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Artifacts;

namespace Sluice.Steps;

/// <summary>Reads step inputs (artifact URIs or http(s) URLs) and writes step outputs with their JSON sidecar.</summary>
internal sealed class ArtifactIo(StageEnvironment environment, HttpClient? http = null)
{
    public const string SidecarSuffix = ".meta.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>Reads an input into a seekable stream (a temp file or the verified artifact stream).</summary>
    public async Task<Stream> OpenReadAsync(string uri, string what, CancellationToken cancellationToken)
    {
        try
        {
            if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            {
                var client = http ?? new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
                using var response = await client.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                if (!response.IsSuccessStatusCode)
                {
                    throw new StepException($"{what} {uri}: the server answered {(int)response.StatusCode} {response.ReasonPhrase}");
                }

                var temp = new FileStream(Path.Combine(Path.GetTempPath(), $".sluice-{Guid.NewGuid():N}.download"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose);
                await response.Content.CopyToAsync(temp, cancellationToken);
                temp.Position = 0;
                return temp;
            }

            var (store, key) = await ArtifactStoreFactory.OpenObjectAsync(ShippedOrGiven(uri), environment.S3, cancellationToken);
            return await store.GetAsync(key, cancellationToken);
        }
        catch (ArtifactNotFoundException e)
        {
            var shipped = IsRelativePath(uri) ? $" (looked in {Environment.CurrentDirectory} and in {ShippedDataDirectory})" : "";
            throw new StepException($"{what} {uri} does not exist{shipped}", e);
        }
        catch (ArtifactStoreException e)
        {
            throw new StepException($"cannot read {what}: {e.Message}", e);
        }
        catch (HttpRequestException e)
        {
            throw new StepException($"cannot download {what} {uri}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new StepException($"{what}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Where the executable keeps the data sets it ships (<c>examples/NAME/FILE.csv</c>; in the image
    /// <c>/app/examples/...</c>). A relative input path that is not under the working directory is looked up here,
    /// so an example Pipeline's <c>examples/iris/iris.csv</c> reads the repository's file in a clone and the
    /// image's copy in a stage pod, whose working directory (<c>/work</c>) starts empty.
    /// </summary>
    public static string ShippedDataDirectory { get; } = AppContext.BaseDirectory;

    private static string ShippedOrGiven(string uri)
    {
        if (!IsRelativePath(uri) || File.Exists(Path.GetFullPath(uri)))
        {
            return uri;
        }

        var shipped = Path.Combine(ShippedDataDirectory, uri);
        return File.Exists(shipped) ? shipped : uri;
    }

    private static bool IsRelativePath(string uri) => !uri.Contains("://", StringComparison.Ordinal) && !Path.IsPathRooted(uri);

    /// <summary>
    /// Writes an output through a temp file (so the store hashes and publishes it atomically) and then its sidecar
    /// <c>URI.meta.json</c> with the sha256, size and <paramref name="details"/> (rows, schema, ...).
    /// </summary>
    public async Task<ArtifactInfo> WriteAsync(string uri, string what, Func<Stream, CancellationToken, Task> produce, JsonObject details, CancellationToken cancellationToken)
    {
        try
        {
            var (store, key) = await ArtifactStoreFactory.OpenObjectAsync(uri, environment.S3, cancellationToken);
            ArtifactInfo info;
            await using (var temp = new FileStream(Path.Combine(Path.GetTempPath(), $".sluice-{Guid.NewGuid():N}.out"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.DeleteOnClose))
            {
                await produce(temp, cancellationToken);
                await temp.FlushAsync(cancellationToken);
                temp.Position = 0;
                info = await store.PutAsync(key, temp, cancellationToken);
            }

            var sidecar = new JsonObject
            {
                ["artifact"] = info.Uri,
                ["sha256"] = info.Sha256,
                ["size"] = info.Size,
                ["stage"] = environment.Stage,
            };
            foreach (var (name, value) in details)
            {
                sidecar[name] = value?.DeepClone();
            }

            await store.PutAsync(key + SidecarSuffix, new MemoryStream(JsonSerializer.SerializeToUtf8Bytes(sidecar, Indented)), cancellationToken);
            environment.RecordArtifact(uri, info);
            return info;
        }
        catch (ArtifactStoreException e)
        {
            throw new StepException($"cannot write {what}: {e.Message}", e);
        }
        catch (ArgumentException e)
        {
            throw new StepException($"{what}: {e.Message}", e);
        }
    }

    public static async Task WriteJsonAsync(Stream stream, JsonNode node, CancellationToken cancellationToken) =>
        await JsonSerializer.SerializeAsync(stream, node, Indented, cancellationToken);
}
