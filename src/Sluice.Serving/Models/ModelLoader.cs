using System.Diagnostics;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Sluice.Core.Profiles;

namespace Sluice.Serving.Models;

/// <summary>
/// Fetches a model (with timeout and retries) and its training profile when given, verifies its sha256, opens an
/// ONNX Runtime session and runs a warm-up inference, so a model that is reported ready has already run once.
/// </summary>
public sealed class ModelLoader(IEnumerable<IModelSource> sources, ILogger<ModelLoader> logger, TimeSpan timeout, int retries)
{
    private readonly IReadOnlyList<IModelSource> _sources = sources.ToList();

    public async Task<LoadedModel> LoadAsync(ModelSpec spec, CancellationToken cancellationToken)
    {
        // The profile first: it is small, and a wrong one should stop the start before a large model downloads.
        var profile = spec.Profile is { } profileUri ? await ReadProfileAsync(spec.Name, profileUri, cancellationToken).ConfigureAwait(false) : null;
        var profileNames = profile?.Features.Select(f => f.Name).Where(n => n != profile.Target).ToArray();
        var bytes = await FetchAsync(spec.Name, "--model", spec.Uri, cancellationToken).ConfigureAwait(false);
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

        var model = new LoadedModel(spec, session, sha, profileNames);
        if (spec.FeatureNames is { } given && model.RowWidth is { } columns && given.Count != columns)
        {
            model.Dispose();
            throw new ModelLoadException($"model {spec.Name}: --feature-names gives {given.Count} names but the model takes {columns} values per row");
        }

        if (model.FeatureNames is null && profile is not null && profileNames is { Length: var count })
        {
            // Nothing else names the values and the profile's names do not fit a row: a profile of other data, or one
            // made without --target, whose label column is then one of its features.
            var target = profile.Target is { } label ? $" besides the target {label}"
                : count == model.RowWidth + 1 ? " and records no target (when one of them is the label, make the profile with --target)" : "";
            logger.LogWarning("Model {Model}: --profile {Profile} names {Names} features{Target} but a row of the model has {Values} values; request logs name the values INPUT_INDEX",
                spec.Name, spec.Profile, count, target, model.RowWidth);
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

    private async Task<DataProfile> ReadProfileAsync(string model, string uri, CancellationToken cancellationToken)
    {
        var bytes = await FetchAsync(model, "--profile", uri, cancellationToken).ConfigureAwait(false);
        try
        {
            return DataProfileJson.Deserialize(System.Text.Encoding.UTF8.GetString(bytes));
        }
        catch (FormatException ex)
        {
            throw new ModelLoadException($"model {model}: --profile {uri}: {ex.Message}", ex);
        }
    }

    // The model and its profile come from the same sources, with the same credentials, timeout and retries.
    private async Task<byte[]> FetchAsync(string model, string option, string uri, CancellationToken cancellationToken)
    {
        var source = _sources.FirstOrDefault(s => s.CanOpen(uri))
            ?? throw new ModelLoadException($"model {model}: {option} {uri} has an unsupported scheme; use a file path, file:///path or s3://bucket/key");
        for (var attempt = 1; ; attempt++)
        {
            using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            cts.CancelAfter(timeout);
            try
            {
                var watch = Stopwatch.StartNew();
                await using var stream = await source.OpenAsync(uri, cts.Token).ConfigureAwait(false);
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
                        logger.LogInformation("Model {Model}: downloaded {Bytes} bytes from {Uri}", model, buffer.Length, uri);
                    }
                }

                logger.LogInformation("Model {Model}: fetched {Bytes} bytes from {Uri} in {Ms} ms (attempt {Attempt})",
                    model, buffer.Length, uri, watch.ElapsedMilliseconds, attempt);
                return buffer.ToArray();
            }
            catch (ModelLoadException ex)
            {
                throw new ModelLoadException($"model {model}: {option} {uri}: {ex.Message}", ex.InnerException);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && attempt <= retries)
            {
                logger.LogWarning("Model {Model}: fetching {Uri} failed on attempt {Attempt} ({Reason}); retrying",
                    model, uri, attempt, ex.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var reason = ex is OperationCanceledException ? $"timed out after {timeout.TotalSeconds:0.#} s" : ex.Message;
                throw new ModelLoadException($"model {model}: fetching {option} {uri} failed after {attempt} attempt(s): {reason}", ex);
            }
        }
    }
}
