namespace Sluice.Serving.Models;

/// <summary>Plain paths and file:/// URIs.</summary>
public sealed class FileModelSource : IModelSource
{
    public bool CanOpen(string uri) => !uri.Contains("://", StringComparison.Ordinal) || uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase);

    public Task<Stream> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(uri).LocalPath : uri;
        if (!File.Exists(path))
        {
            throw new ModelLoadException($"file {path} does not exist");
        }

        return Task.FromResult<Stream>(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 81920, useAsync: true));
    }
}
