namespace Sluice.Artifacts;

/// <summary>
/// A parsed artifact URI: <c>s3://bucket/key</c>, <c>file:///abs/path</c> or a plain (relative or absolute) path.
/// </summary>
public sealed record ArtifactLocation(bool IsS3, string Bucket, string Path)
{
    public static ArtifactLocation Parse(string uri, string? workingDirectory = null)
    {
        if (string.IsNullOrWhiteSpace(uri))
        {
            throw new ArgumentException("artifact URI is empty; give s3://bucket/key, file:///path or a path", nameof(uri));
        }

        if (uri.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri[5..];
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            var bucket = slash < 0 ? rest : rest[..slash];
            var key = slash < 0 ? "" : rest[(slash + 1)..].Trim('/');
            if (bucket.Length == 0)
            {
                throw new ArgumentException($"artifact URI \"{uri}\" has no bucket; write s3://bucket/key", nameof(uri));
            }

            return new ArtifactLocation(true, bucket, key);
        }

        string path;
        if (uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            path = Uri.UnescapeDataString(new Uri(uri).AbsolutePath);
        }
        else if (uri.Contains("://", StringComparison.Ordinal))
        {
            throw new ArgumentException($"artifact URI \"{uri}\" has an unsupported scheme; use s3://, file:// or a path", nameof(uri));
        }
        else
        {
            path = System.IO.Path.GetFullPath(uri, workingDirectory ?? Environment.CurrentDirectory);
        }

        return new ArtifactLocation(false, "", System.IO.Path.GetFullPath(path));
    }

    public override string ToString() => IsS3 ? $"s3://{Bucket}/{Path}" : new Uri(Path).AbsoluteUri;
}
