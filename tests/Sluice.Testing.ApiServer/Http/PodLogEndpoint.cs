using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// pods/NAME/log (pkg/registry/core/pod/rest/log.go, the kubelet's container log reader): container, previous,
/// follow, tailLines, timestamps, sinceSeconds/sinceTime and limitBytes over the process kubelet's CRI log files;
/// pods no kubelet runs serve the text a test or the simulated Job controller set.
/// </summary>
internal sealed class PodLogEndpoint(PodLogs logs, Kubelet.Kubelet? kubelet, TimeProvider time)
{
    private static readonly TimeSpan FollowPoll = TimeSpan.FromMilliseconds(100);

    public async Task WriteAsync(HttpContext ctx, JsonObject pod, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var name = Meta.Name(pod);
        var container = Container(pod, q["container"]);
        var tail = Long(q, "tailLines", 0, name, "must be greater than or equal to 0");
        var limit = Long(q, "limitBytes", 1, name, "must be greater than 0");
        var since = Long(q, "sinceSeconds", 1, name, "must be greater than 0");
        DateTimeOffset? sinceTime = q["sinceTime"] is { Count: > 0 } st && DateTimeOffset.TryParse(st[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
        if (since is not null && sinceTime is not null)
        {
            throw new ApiException(422, "Invalid", $"PodLogOptions \"{name}\" is invalid: []: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified");
        }

        var from = since is { } s ? time.GetUtcNow().AddSeconds(-s) : sinceTime;
        var previous = Flag(q, "previous");
        var file = kubelet?.LogFile(pod, container, previous);
        ctx.Response.ContentType = "text/plain";
        if (file is null)
        {
            await ctx.Response.WriteAsync(logs.Get(Meta.Str(pod, "namespace"), name), Encoding.UTF8, ct);
            return;
        }

        var timestamps = Flag(q, "timestamps");
        var budget = limit ?? long.MaxValue;
        var entries = Kubelet.ContainerLog.Read(file.Value.Path).ToList();
        var read = entries.Count;
        var start = entries.Where(e => from is null || e.Time >= from);
        foreach (var entry in tail is { } t ? start.TakeLast((int)Math.Min(t, int.MaxValue)) : start)
        {
            budget = await WriteEntryAsync(ctx, entry, timestamps, budget, ct);
            if (budget <= 0)
            {
                return;
            }
        }

        await ctx.Response.Body.FlushAsync(ct);
        if (!Flag(q, "follow"))
        {
            return;
        }

        // Follow until the container instance ends (the kubelet's follow stops at its exit), or the client goes.
        while (!ct.IsCancellationRequested)
        {
            var running = file.Value.Running();
            var more = Kubelet.ContainerLog.Read(file.Value.Path).Skip(read).ToList();
            read += more.Count;
            foreach (var entry in more)
            {
                budget = await WriteEntryAsync(ctx, entry, timestamps, budget, ct);
                if (budget <= 0)
                {
                    return;
                }
            }

            await ctx.Response.Body.FlushAsync(ct);
            if (!running)
            {
                return;
            }

            await Task.Delay(FollowPoll, time, ct);
        }
    }

    /// <summary>Writes one line within the limitBytes budget; returns what is left of it.</summary>
    private static async Task<long> WriteEntryAsync(HttpContext ctx, Kubelet.ContainerLogEntry entry, bool timestamps, long budget, CancellationToken ct)
    {
        var bytes = Encoding.UTF8.GetBytes((timestamps ? entry.RawTime + " " : "") + entry.Text + "\n");
        var take = (int)Math.Min(bytes.Length, budget);
        await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, take), ct);
        return budget - take;
    }

    private static string Container(JsonObject pod, string? requested)
    {
        var names = (pod["spec"]?["containers"] as JsonArray ?? []).OfType<JsonObject>().Select(c => c["name"]?.GetValue<string>() ?? "").ToList();
        if (string.IsNullOrEmpty(requested))
        {
            return names.Count == 1
                ? names[0]
                : throw ApiException.BadRequest($"a container name must be specified for pod {Meta.Name(pod)}, choose one of: [{string.Join(' ', names)}]");
        }

        return names.Contains(requested) ? requested : throw ApiException.BadRequest($"container {requested} is not valid for pod {Meta.Name(pod)}");
    }

    private static bool Flag(IQueryCollection q, string name) => q[name] is { Count: > 0 } v && v[0] is "true" or "1" or "";

    private static long? Long(IQueryCollection q, string field, long min, string pod, string rule)
    {
        if (q[field] is not { Count: > 0 } v)
        {
            return null;
        }

        if (!long.TryParse(v[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw ApiException.BadRequest($"{field}: \"{v[0]}\" is not an integer");
        }

        return value >= min ? value : throw new ApiException(422, "Invalid", $"PodLogOptions \"{pod}\" is invalid: {field}: Invalid value: {value}: {rule}");
    }
}
