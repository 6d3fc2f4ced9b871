using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Sluice.Testing.ApiServer.Resources;
using Sluice.Testing.ApiServer.Selection;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// Watch streams: newline-delimited {"type","object"} events over a chunked 200 response, replayed from a
/// resourceVersion, with bookmarks, timeoutSeconds, sendInitialEvents, and 410 Expired as an ERROR event.
/// </summary>
internal sealed class WatchEndpoint(ObjectStore store, FaultInjection faults, TimeProvider time, TimeSpan bookmarkInterval)
{
    public async Task WatchAsync(HttpContext ctx, ApiRoute r, CancellationToken ct)
    {
        var q = ctx.Request.Query;
        var labels = LabelSelector.Parse(q["labelSelector"]);
        var fields = FieldSelector.Parse(q["fieldSelector"]);
        var bookmarks = q["allowWatchBookmarks"] == "true";
        var initialEvents = q["sendInitialEvents"] == "true";
        long? fromRv = long.TryParse(q["resourceVersion"], NumberStyles.None, CultureInfo.InvariantCulture, out var rv) ? rv : null;
        var timeout = int.TryParse(q["timeoutSeconds"], out var secs) && secs > 0 ? TimeSpan.FromSeconds(secs) : TimeSpan.FromMinutes(30);
        var table = ctx.Request.Headers.Accept.ToString().Split(',').FirstOrDefault()?.Contains("as=Table", StringComparison.Ordinal) == true;

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "application/json";
        Watcher watcher;
        List<WatchEvent> initial;
        try
        {
            (watcher, initial) = store.Watch(r.Type, r.Type.Namespaced ? r.Namespace : null, initialEvents ? null : fromRv, faults.TakeForceGone() && fromRv is > 0);
        }
        catch (ApiException e) when (e.Code == 410)
        {
            await WriteLineAsync(ctx, new JsonObject { ["type"] = "ERROR", ["object"] = e.ToStatus() }, ct);
            return;
        }
        using (watcher)
        using (var stop = CancellationTokenSource.CreateLinkedTokenSource(ct, watcher.Closed))
        {
            stop.CancelAfter(timeout);
            var lastRv = fromRv ?? 0;
            var sentColumns = false;
            await ctx.Response.StartAsync(stop.Token);
            try
            {
                foreach (var e in initial)
                {
                    lastRv = Math.Max(lastRv, e.ResourceVersion);
                    await SendAsync(e);
                }
                if (initialEvents)
                {
                    lastRv = Math.Max(lastRv, store.CurrentRv);
                    await WriteLineAsync(ctx, Bookmark(r, lastRv, true), stop.Token);
                }
                await ctx.Response.Body.FlushAsync(stop.Token);
                while (!stop.IsCancellationRequested)
                {
                    using var tick = CancellationTokenSource.CreateLinkedTokenSource(stop.Token);
                    tick.CancelAfter(bookmarkInterval);
                    try
                    {
                        var e = await watcher.Events.ReadAsync(tick.Token);
                        lastRv = e.ResourceVersion;
                        await SendAsync(e);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        if (bookmarks && lastRv > 0)
                        {
                            await WriteLineAsync(ctx, Bookmark(r, lastRv, false), stop.Token);
                        }
                    }
                    catch (System.Threading.Channels.ChannelClosedException)
                    {
                        return;
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Timeout, client gone, or the stream was dropped on purpose: ending the response ends the watch.
            }
            catch (IOException)
            {
                // The client hung up.
            }

            async Task SendAsync(WatchEvent e)
            {
                var view = e with { Object = EventVersions.ToView(r.Type, e.Object), Previous = e.Previous is null ? null : EventVersions.ToView(r.Type, e.Previous) };
                var (type, source) = Filter(view, o => labels.Matches(o) && fields.Matches(o));
                if (type is null)
                {
                    return;
                }
                var obj = (JsonObject)source.DeepClone();
                Meta.Of(obj)["resourceVersion"] = e.ResourceVersion.ToString(CultureInfo.InvariantCulture);
                obj["apiVersion"] = r.Type.ApiVersion;
                JsonNode payload = obj;
                if (table)
                {
                    var t = TableBuilder.Build(r.Type, [obj], Meta.Str(obj, "resourceVersion"), q["includeObject"], time.GetUtcNow());
                    if (sentColumns)
                    {
                        t["columnDefinitions"] = new JsonArray();
                    }
                    sentColumns = true;
                    payload = t;
                }
                await WriteLineAsync(ctx, new JsonObject { ["type"] = type, ["object"] = payload }, stop.Token);
            }
        }
    }

    /// <summary>
    /// What a watch with a selector sees of an event, as the apiserver's watch cache decides it: an object that
    /// starts matching arrives as ADDED, one that stops matching leaves as DELETED (its last matching state, at the
    /// event's resourceVersion), and events of objects that match neither before nor after are not sent.
    /// </summary>
    internal static (string? Type, JsonObject Object) Filter(WatchEvent e, Func<JsonObject, bool> selects)
    {
        var now = e.Type != "DELETED" && selects(e.Object);
        var before = e.Type == "DELETED" ? selects(e.Object) : e.Previous is not null && selects(e.Previous);
        return (now, before) switch
        {
            (true, false) => ("ADDED", e.Object),
            (true, true) => (e.Type, e.Object),
            (false, true) => ("DELETED", e.Type == "DELETED" ? e.Object : e.Previous!),
            _ => (null, e.Object),
        };
    }

    private static JsonObject Bookmark(ApiRoute r, long rv, bool initialEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = rv.ToString(CultureInfo.InvariantCulture) };
        if (initialEnd)
        {
            meta["annotations"] = new JsonObject { ["k8s.io/initial-events-end"] = "true" };
        }
        return new JsonObject
        {
            ["type"] = "BOOKMARK",
            ["object"] = new JsonObject { ["kind"] = r.Type.Kind, ["apiVersion"] = r.Type.ApiVersion, ["metadata"] = meta },
        };
    }

    private static async Task WriteLineAsync(HttpContext ctx, JsonObject evt, CancellationToken ct)
    {
        await ctx.Response.WriteAsync(evt.ToJsonString() + "\n", Encoding.UTF8, ct);
        await ctx.Response.Body.FlushAsync(ct);
    }
}
