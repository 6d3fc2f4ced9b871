using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Sluice.Serving.Logging;
using Sluice.Serving.Models;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Hosting;

/// <summary>POST /v2/models/{name}[/versions/{version}]/infer (and v1 :predict): admission, decoding, running, metrics, logging.</summary>
internal sealed class InferenceEndpoint(ModelCatalog catalog, ServingOptions options, ServingMetrics metrics,
    RequestLogWriter? requestLog, TimeProvider time, ILogger logger)
{
    private readonly SemaphoreSlim _running = new(options.MaxConcurrency, options.MaxConcurrency);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<ModelSlot, ModelMetrics> _series = new();
    private int _admitted;

    public async Task HandleAsync(HttpContext context, string name, string? version, bool v1 = false)
    {
        var started = Stopwatch.GetTimestamp();
        var slot = catalog.Find(name, version);
        if (slot is null)
        {
            await JsonResults.ErrorAsync(context, 404, catalog.NotFoundMessage(name, version)).ConfigureAwait(false);
            return;
        }

        // TryGetValue first: the factory lambda captures this, and would be allocated on every request.
        if (!_series.TryGetValue(slot, out var series))
        {
            series = _series.GetOrAdd(slot, s => new ModelMetrics(metrics, s.Spec.Name, s.Spec.Version));
        }

        var status = 500;
        try
        {
            status = await RunAsync(context, slot, series, v1).ConfigureAwait(false);
        }
        finally
        {
            series.Requests(status).Inc();
            series.Latency.Observe(Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
    }

    private async Task<int> RunAsync(HttpContext context, ModelSlot slot, ModelMetrics series, bool v1)
    {
        if (slot.Runner is not { } runner)
        {
            return await FailAsync(context, 503, $"model {slot.Spec.Name} is not ready: {slot.FailureReason}").ConfigureAwait(false);
        }

        if (Interlocked.Increment(ref _admitted) > options.MaxConcurrency + options.MaxQueue)
        {
            Interlocked.Decrement(ref _admitted);
            series.Rejected.Inc();
            context.Response.Headers.RetryAfter = "1";
            return await FailAsync(context, 503, "the server is overloaded; retry later").ConfigureAwait(false);
        }

        try
        {
            // A batching model bounds its own runs (its batch workers); holding a slot while waiting for the batch
            // would cap the batch at MaxConcurrency rows.
            if (runner.Batching)
            {
                return await InferAsync(context, runner, series, v1).ConfigureAwait(false);
            }

            // RequestAborted is touched only when the request has to wait: Kestrel creates its token source on first use.
            if (!_running.Wait(0))
            {
                await _running.WaitAsync(context.RequestAborted).ConfigureAwait(false);
            }

            try
            {
                return await InferAsync(context, runner, series, v1).ConfigureAwait(false);
            }
            finally
            {
                _running.Release();
            }
        }
        catch (InferenceRequestException ex)
        {
            return await FailAsync(context, ex.StatusCode, ex.Message).ConfigureAwait(false);
        }
        catch (OnnxRuntimeException ex)
        {
            // The input passed every declared check but the graph refused it at run time (e.g. an index out of range).
            return await FailAsync(context, 400, $"model {slot.Spec.Name} rejected the input: {ex.Message.Trim()}").ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return 499;
        }
        finally
        {
            Interlocked.Decrement(ref _admitted);
        }
    }

    private async Task<int> InferAsync(HttpContext context, ModelRunner runner, ModelMetrics series, bool v1)
    {
        var model = runner.Model;
        // Kestrel ends a body read and a response flush itself when the client goes away; no token is needed there.
        var body = await RequestBodyReader.ReadAsync(context.Request, options.MaxRequestBodyBytes, CancellationToken.None).ConfigureAwait(false);
        RequestBodyReader.EnsureUtf8(body);
        var request = (v1 ? null : FastFp32RequestParser.TryParse(model, body)) ?? ParseDocument(model, body, v1);
        var result = await runner.RunAsync(request, runner.Batching ? context.RequestAborted : CancellationToken.None).ConfigureAwait(false);
        if (result.OwnsRun)
        {
            series.Inference.Observe(result.InferenceSeconds);
            series.BatchRows.Observe(result.BatchRows);
        }

        ObservePrediction(model, series, result.Outputs);
        if (requestLog is not null && requestLog.ShouldSample())
        {
            var id = request.Id ?? context.TraceIdentifier;
            requestLog.Offer(new RequestLogEntry(model, id, time.GetUtcNow(), request.Inputs, result.Outputs));
        }

        if (v1)
        {
            await JsonResults.WriteAsync(context, 200, w => V1PredictTranslator.WritePredictions(w, model.Name, model.Version, result.Outputs, request.Rows))
                .ConfigureAwait(false);
        }
        else
        {
            await JsonResults.WriteAsync(context, 200, w => InferenceResponseWriter.Write(w, model.Name, model.Version, request.Id, result.Outputs))
                .ConfigureAwait(false);
        }
        return 200;
    }

    private static InferenceRequest ParseDocument(LoadedModel model, byte[] body, bool v1)
    {
        using var document = RequestBodyReader.Parse(body);
        return v1 ? V1PredictTranslator.ToRequest(model, document.RootElement) : InferenceRequestParser.Parse(model, document.RootElement);
    }

    private static void ObservePrediction(LoadedModel model, ModelMetrics series, IReadOnlyList<TensorData> outputs)
    {
        TensorData? primary = null;
        for (var i = 0; i < outputs.Count && primary is null; i++)
        {
            if (string.Equals(outputs[i].Name, model.PrimaryOutput, StringComparison.Ordinal))
            {
                primary = outputs[i];
            }
        }

        if (primary is null)
        {
            return;
        }

        var histogram = series.Prediction(primary.Name);
        var per = Math.Max(1, primary.RowLength);

        // One value per row: the last column, which is the positive-class probability for binary classifiers.
        for (var row = 0; row < primary.Rows; row++)
        {
            var value = primary.Data switch
            {
                float[] f => f[(row * per) + per - 1],
                double[] d => d[(row * per) + per - 1],
                _ => double.NaN,
            };
            if (double.IsFinite(value))
            {
                histogram.Observe(value);
            }
        }
    }

    private async Task<int> FailAsync(HttpContext context, int status, string message)
    {
        if (status >= 500)
        {
            logger.LogWarning("Inference request failed with {Status}: {Reason}", status, message);
        }

        if (!context.Response.HasStarted)
        {
            await JsonResults.ErrorAsync(context, status, message).ConfigureAwait(false);
        }

        return status;
    }
}
