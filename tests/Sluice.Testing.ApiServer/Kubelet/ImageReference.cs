namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>Image reference arithmetic, as the Docker distribution reference grammar defines it.</summary>
internal static class ImageReference
{
    /// <summary>The repository of an image: the reference without its <c>@digest</c> and <c>:tag</c>.</summary>
    public static string Repository(string image)
    {
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var slash = name.LastIndexOf('/');
        var colon = name.LastIndexOf(':');

        // A colon before the last slash is a registry port (localhost:5000/app), not a tag.
        return colon > slash ? name[..colon] : name;
    }

    /// <summary>
    /// The fully qualified repository: a name without a registry host is on docker.io, and a single-component name
    /// there is under library/ (busybox = docker.io/library/busybox).
    /// </summary>
    public static string Normalize(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash < 0 ? "" : repository[..slash];
        var hasRegistry = first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal) || first == "localhost";
        if (hasRegistry)
        {
            return repository;
        }

        return slash < 0 ? $"docker.io/library/{repository}" : $"docker.io/{repository}";
    }
}
