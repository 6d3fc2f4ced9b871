namespace Sluice.Serving.Models;

/// <summary>Opens a model's bytes by URI. The file source is built in; the artifact store plugs in for s3://.</summary>
public interface IModelSource
{
    /// <summary>True when this source understands the URI's scheme.</summary>
    bool CanOpen(string uri);

    Task<Stream> OpenAsync(string uri, CancellationToken cancellationToken);
}
