using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Serving.Models;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Hosting;

/// <summary>The v2 health, server metadata and model metadata/readiness responses.</summary>
internal sealed class MetadataEndpoints(ModelCatalog catalog, string serverVersion)
{
    public Task LiveAsync(HttpContext c) => JsonResults.WriteAsync(c, 200, w => { w.WriteStartObject(); w.WriteBoolean("live", true); w.WriteEndObject(); });

    public Task ReadyAsync(HttpContext c) => JsonResults.WriteAsync(c, catalog.AllReady ? 200 : 503, w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ready", catalog.AllReady);
        if (!catalog.AllReady)
        {
            w.WriteString("error", catalog.Draining
                ? "the server is stopping: it answers requests still in flight while the Service drops it"
                : string.Join("; ", catalog.Slots.Where(s => !s.Ready).Select(s => $"model {s.Spec.Name}: {s.FailureReason}")));
        }

        w.WriteEndObject();
    });

    public Task ServerAsync(HttpContext c) => JsonResults.WriteAsync(c, 200, w =>
    {
        w.WriteStartObject();
        w.WriteString("name", "sluice");
        w.WriteString("version", serverVersion);
        w.WriteStartArray("extensions");
        w.WriteEndArray();
        w.WriteEndObject();
    });

    public Task ModelReadyAsync(HttpContext c, string name, string? version)
    {
        var slot = catalog.Find(name, version);
        if (slot is null)
        {
            return JsonResults.ErrorAsync(c, 404, catalog.NotFoundMessage(name, version));
        }

        return JsonResults.WriteAsync(c, slot.Ready ? 200 : 503, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteBoolean("ready", slot.Ready);
            if (slot.FailureReason is { } reason)
            {
                w.WriteString("error", reason);
            }

            w.WriteEndObject();
        });
    }

    public Task ModelAsync(HttpContext c, string name, string? version)
    {
        var slot = catalog.Find(name, version);
        if (slot is null)
        {
            return JsonResults.ErrorAsync(c, 404, catalog.NotFoundMessage(name, version));
        }

        if (slot.Runner is not { } runner)
        {
            return JsonResults.ErrorAsync(c, 503, $"model {name} is not ready: {slot.FailureReason}");
        }

        var model = runner.Model;
        return JsonResults.WriteAsync(c, 200, w =>
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteStartArray("versions");
            w.WriteStringValue(model.Version);
            w.WriteEndArray();
            w.WriteString("platform", "onnxruntime_onnx");
            WriteTensors(w, "inputs", model.Inputs);
            WriteTensors(w, "outputs", model.Outputs);
            w.WriteStartObject("parameters");
            w.WriteString("sha256", model.Sha256);
            if (model.FeatureNames is { } features)
            {
                w.WriteString("feature_names", string.Join(",", features));
            }

            w.WriteBoolean("dynamic_batching", runner.Batching);
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    private static void WriteTensors(Utf8JsonWriter w, string property, IReadOnlyList<TensorSpec> tensors)
    {
        w.WriteStartArray(property);
        foreach (var t in tensors)
        {
            w.WriteStartObject();
            w.WriteString("name", t.Name);
            w.WriteString("datatype", V2DataType.FromOnnx(t.ElementType));
            w.WriteStartArray("shape");
            foreach (var d in t.Shape)
            {
                w.WriteNumberValue(d);
            }

            w.WriteEndArray();
            if (!t.IsTensor)
            {
                w.WriteStartObject("parameters");
                w.WriteString("content_type", "sluice/map");
                w.WriteEndObject();
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
    }
}
