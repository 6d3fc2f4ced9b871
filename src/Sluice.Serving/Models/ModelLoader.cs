using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Sluice.Serving.Models;

/// <summary>
/// Fetches a model (with timeout and retries), verifies its sha256, opens an ONNX Runtime session and runs a
/// warm-up inference, so a model that is reported ready has already run once.
/// </summary>
public sealed class ModelLoader(IEnumerable<IModelSource> sources, ILogger<ModelLoader> logger, TimeSpan timeout, int retries)
{
    private readonly IReadOnlyList<IModelSource> _sources = sources.ToList();

    public async Task<LoadedModel> LoadAsync(ModelSpec spec, CancellationToken cancellationToken)
    {
        var bytes = await FetchAsync(spec, cancellationToken).ConfigureAwait(false);
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (spec.Sha256 is { } expected && !string.Equals(expected.Trim(), sha, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelLoadException($"model {spec.Name}: the sha256 of --model {spec.Uri} is {sha}, but --sha256 expects {expected}");
        }

        InferenceSession session;
        try
        {
            using var options = spec.Session.ToSessionOptions();
            session = new InferenceSession(bytes, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw new ModelLoadException($"model {spec.Name}: --model {spec.Uri} is not a valid ONNX model ({ex.Message.Trim()})", ex);
        }

        var model = new LoadedModel(spec, session, sha);
        var columns = model.Inputs.Sum(i => i.Shape.Skip(1).Aggregate(1L, (a, d) => a * d));
        if (spec.FeatureNames is { } given && columns > 0 && given.Count != columns)
        {
            model.Dispose();
            throw new ModelLoadException($"model {spec.Name}: --feature-names gives {given.Count} names but the model takes {columns} values per row");
        }

        try
        {
            WarmUp.Run(model);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or NotSupportedException)
        {
            model.Dispose();
            throw new ModelLoadException($"model {spec.Name}: warm-up inference failed ({ex.Message.Trim()})", ex);
        }

        logger.LogInformation("Model {Model} version {Version} loaded from {Uri} ({Bytes} bytes, sha256 {Sha256}), warm-up done",
            spec.Name, spec.Version, spec.Uri, bytes.Length, sha);
        return model;
    }

    private async Task<byte[]> FetchAsync(ModelSpec spec, CancellationToken cancellationToken)
    {
        var source = _sources.FirstOrDefault(s => s.CanOpen(spec.Uri))
            ?? throw new ModelLoadException($"model {spec.Name}: --model {spec.Uri} has an unsupported scheme; use a file path, file:///path or s3://bucket/key");
        for (var attempt = 1; ; attempt++)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                var watch = Stopwatch.StartNew();
                await using var stream = await source.OpenAsync(spec.Uri, cts.Token).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[1 << 20];
                long lastLogged = 0;
                int read;
                while ((read = await stream.ReadAsync(chunk, cts.Token).ConfigureAwait(false)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                    if (buffer.Length - lastLogged >= 16 << 20)
                    {
                        lastLogged = buffer.Length;
                        logger.LogInformation("Model {Model}: downloaded {Bytes} bytes from {Uri}", spec.Name, buffer.Length, spec.Uri);
                    }
                }

                logger.LogInformation("Model {Model}: fetched {Bytes} bytes from {Uri} in {Ms} ms (attempt {Attempt})",
                    spec.Name, buffer.Length, spec.Uri, watch.ElapsedMilliseconds, attempt);
                return buffer.ToArray();
            }
            catch (ModelLoadException ex)
            {
                throw new ModelLoadException($"model {spec.Name}: --model {spec.Uri}: {ex.Message}", ex.InnerException);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && attempt <= retries)
            {
                logger.LogWarning("Model {Model}: fetching {Uri} failed on attempt {Attempt} ({Reason}); retrying",
                    spec.Name, spec.Uri, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"timed out after {timeout.TotalSeconds:0.#} s" : ex.Message;
                throw new ModelLoadException($"model {spec.Name}: fetching --model {spec.Uri} failed after {attempt} attempt(s): {reason}", ex);
            }
        }
    }
}
