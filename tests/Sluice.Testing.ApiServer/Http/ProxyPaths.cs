using System.Text;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>
/// The paths of a proxied request, as kube-apiserver's proxy handler computes them: the path after /proxy joined and
/// cleaned (util/net JoinPreservingTrailingSlash, keeping a trailing slash), escaped as Go's URL.EscapedPath does,
/// and a redirect's Location rewritten to go back through the proxy (apimachinery util/proxy/transport.go rewriteURL).
/// </summary>
internal static class ProxyPaths
{
    /// <summary>"/api/v1/namespaces/NS/{services|pods}/NAME/proxy": seven segments before what is forwarded.</summary>
    private const int PrefixSegments = 7;

    /// <summary>
    /// The decoded, cleaned path to request from the backend ("/a/b", "/" or "" when nothing follows /proxy),
    /// from the raw request path so that an escaped slash in the forwarded part is a slash again, as Go decodes it.
    /// </summary>
    public static string Forwarded(string rawPath)
    {
        var parts = rawPath.Split('/');
        var rest = parts.Length > PrefixSegments + 1 ? string.Join('/', parts[(PrefixSegments + 1)..]) : "";
        var segments = new List<string>();
        foreach (var segment in Uri.UnescapeDataString(rest).Split('/'))
        {
            if (segment == "..")
            {
                if (segments.Count > 0)
                {
                    segments.RemoveAt(segments.Count - 1);
                }
            }
            else if (segment.Length > 0 && segment != ".")
            {
                segments.Add(segment);
            }
        }
        var path = segments.Count > 0 ? "/" + string.Join('/', segments) : "";
        return rawPath.EndsWith('/') && !path.EndsWith('/') ? path + "/" : path;
    }

    /// <summary>Go's escape(path, encodePath): unreserved characters and $&amp;+,/:;=@ stay, everything else is %XX of its UTF-8 bytes.</summary>
    public static string Escape(string path)
    {
        var sb = new StringBuilder(path.Length);
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '~' or '$' or '&' or '+' or ',' or '/' or ':' or ';' or '=' or '@')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return sb.ToString();
    }

    /// <summary>
    /// rewriteURL for a Location header: an absolute path on the backend (or this server) gets the proxy prefix, so
    /// a redirect stays behind the proxy; other hosts and relative references pass unchanged.
    /// </summary>
    public static string RewriteLocation(string location, string backendAuthority, string requestHost, string prefix)
    {
        string host = "", rest = location;
        var absolute = location.Contains("://", StringComparison.Ordinal) || location.StartsWith("//", StringComparison.Ordinal);
        if (absolute)
        {
            if (!Uri.TryCreate(location.StartsWith("//", StringComparison.Ordinal) ? "http:" + location : location, UriKind.Absolute, out var uri))
            {
                return location;
            }
            host = uri.IsDefaultPort ? uri.Host : uri.Authority;
            rest = uri.PathAndQuery + uri.Fragment;
        }
        if (host.Length > 0 && host != backendAuthority && host != requestHost || !rest.StartsWith('/'))
        {
            return location;
        }
        var split = rest.IndexOfAny(['?', '#']);
        var path = split < 0 ? rest : rest[..split];
        var tail = split < 0 ? "" : rest[split..];
        // Same scheme and host are kept only for a URL already naming this server; otherwise it becomes path-only.
        var origin = absolute && host == requestHost ? location[..(location.IndexOf(host, StringComparison.Ordinal) + host.Length)] : "";
        if (path.StartsWith(prefix, StringComparison.Ordinal))
        {
            return origin + path + tail;
        }
        return origin + prefix.TrimEnd('/') + "/" + path.TrimStart('/') + tail;
    }
}
