using System.Net;
using System.Runtime.CompilerServices;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Sluice.Runtime.Informers;

/// <summary>
/// Lists and watches through one of KubernetesClient's generated list operations, passed as
/// <c>(continue, limit, resourceVersion, watch, timeoutSeconds, ct)</c>. Maps the server's 410 Gone, whether
/// on the request or as an Error event inside the watch stream, to <see cref="ResourceVersionExpiredException"/>.
/// </summary>
public sealed class KubernetesListWatcher<T, TList>(
    Func<string?, int?, string?, bool, int?, CancellationToken, Task<HttpOperationResponse<TList>>> list)
    : IListWatcher<T>
    where T : class, IKubernetesObject<V1ObjectMeta>
    where TList : IKubernetesObject<V1ListMeta>, IItems<T>
{
    public async Task<ListPage<T>> ListAsync(string? continueToken, int limit, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await list(continueToken, limit, null, false, null, cancellationToken).ConfigureAwait(false);
            var body = response.Body;
            return new ListPage<T>([.. body.Items], body.Metadata?.ContinueProperty, body.Metadata?.ResourceVersion ?? "");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            throw new ResourceVersionExpiredException("list continue token expired");
        }
    }

    public async IAsyncEnumerable<(WatchEventType Type, T Object)> WatchAsync(
        string resourceVersion, int timeoutSeconds, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? streamError = null;
        var request = list(null, null, resourceVersion, true, timeoutSeconds, cancellationToken);
        IAsyncEnumerator<(WatchEventType, T)> events;
        try
        {
            await request.ConfigureAwait(false);
            // The generic extension serves every resource from one list delegate; the per-resource
            // replacements KubernetesClient suggests would need one code path per kind.
#pragma warning disable CS0618
            events = request.WatchAsync<T, TList>(e => streamError ??= e, cancellationToken).GetAsyncEnumerator(cancellationToken);
#pragma warning restore CS0618
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
        {
            throw new ResourceVersionExpiredException($"resourceVersion {resourceVersion} is too old");
        }

        await using (events.ConfigureAwait(false))
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await events.MoveNextAsync().ConfigureAwait(false);
                }
                catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Gone)
                {
                    throw new ResourceVersionExpiredException($"resourceVersion {resourceVersion} is too old");
                }

                ThrowIfGone(streamError);
                if (!more)
                {
                    yield break;
                }

                var (type, obj) = events.Current;
                if (type == WatchEventType.Error)
                {
                    // An Error event carries a Status, not a T; the stream is over and the caller re-lists.
                    throw new ResourceVersionExpiredException("watch ended with an error event");
                }

                yield return (type, obj);
            }
        }
    }

    private static void ThrowIfGone(Exception? error)
    {
        switch (error)
        {
            case null:
                return;
            case KubernetesException { Status.Code: 410 } gone:
                throw new ResourceVersionExpiredException(gone.Status.Message ?? "410 Gone");
            default:
                throw new InvalidOperationException("watch stream failed", error);
        }
    }
}
