using System.Globalization;
using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Sluice.Runtime.Events;

/// <summary>
/// Writes core/v1 Events about objects, as client-go's recorder does: the same (object, type, reason, message)
/// seen again within <see cref="AggregationWindow"/> bumps the first Event's count and lastTimestamp instead of
/// creating another. A failed Event write is logged and never fails the reconcile that raised it.
/// </summary>
public sealed partial class EventRecorder(IKubernetes client, string component, TimeProvider time, ILogger logger)
{
    public static readonly TimeSpan AggregationWindow = TimeSpan.FromMinutes(10);

    private const int MaxMessageLength = 1024;
    private readonly Dictionary<(string Uid, string Type, string Reason, string Message), Recorded> _recent = [];
    private readonly Lock _lock = new();

    public Task NormalAsync(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(obj, "Normal", reason, message, cancellationToken);

    public Task WarningAsync(IKubernetesObject<V1ObjectMeta> obj, string reason, string message, CancellationToken cancellationToken) =>
        RecordAsync(obj, "Warning", reason, message, cancellationToken);

    public async Task RecordAsync(
        IKubernetesObject<V1ObjectMeta> obj, string type, string reason, string message, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        message = message.Length <= MaxMessageLength ? message : message[..MaxMessageLength];
        var ns = obj.Metadata.NamespaceProperty ?? "default";
        var key = (obj.Metadata.Uid ?? obj.Metadata.Name, type, reason, message);
        Recorded? previous;
        lock (_lock)
        {
            Prune(now);
            previous = _recent.GetValueOrDefault(key);
        }

        try
        {
            if (previous is not null && await TryBumpAsync(ns, previous, now, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            var name = string.Create(CultureInfo.InvariantCulture, $"{obj.Metadata.Name}.{now.ToUnixTimeMilliseconds():x}{Random.Shared.Next(0x1000):x3}");
            await client.CoreV1.CreateNamespacedEventAsync(new Corev1Event
            {
                Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
                InvolvedObject = new V1ObjectReference
                {
                    ApiVersion = obj.ApiVersion,
                    Kind = obj.Kind,
                    Name = obj.Metadata.Name,
                    NamespaceProperty = obj.Metadata.NamespaceProperty,
                    Uid = obj.Metadata.Uid,
                    ResourceVersion = obj.Metadata.ResourceVersion,
                },
                Type = type,
                Reason = reason,
                Message = message,
                Count = 1,
                FirstTimestamp = now.UtcDateTime,
                LastTimestamp = now.UtcDateTime,
                Source = new V1EventSource { Component = component },
                ReportingComponent = component,
                ReportingInstance = component,
            }, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
            lock (_lock)
            {
                _recent[key] = new Recorded(name, 1, now);
            }
        }
        catch (Exception e) when (e is HttpOperationException or HttpRequestException or KubernetesException)
        {
            LogEventFailed(e, reason, ObjectKey.Of(obj).ToString());
        }
    }

    private async Task<bool> TryBumpAsync(string ns, Recorded previous, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var count = previous.Count + 1;
        var patch = new V1Patch(
            string.Create(CultureInfo.InvariantCulture, $$"""{"count":{{count}},"lastTimestamp":"{{now.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}}"}"""),
            V1Patch.PatchType.MergePatch);
        try
        {
            await client.CoreV1.PatchNamespacedEventAsync(patch, previous.Name, ns, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }

        lock (_lock)
        {
            previous.Count = count;
        }

        return true;
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, recorded) in _recent.Where(e => now - e.Value.First > AggregationWindow).ToList())
        {
            _recent.Remove(key);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the {Reason} event of {Key}")]
    private partial void LogEventFailed(Exception error, string reason, string key);

    private sealed class Recorded(string name, int count, DateTimeOffset first)
    {
        public string Name { get; } = name;

        public int Count { get; set; } = count;

        public DateTimeOffset First { get; } = first;
    }
}
