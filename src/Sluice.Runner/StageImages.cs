namespace Sluice.Runner;

/// <summary>Which stages run as this Sluice executable rather than as a container.</summary>
public static class StageImages
{
    /// <summary>The Sluice image is <c>sluice</c> or any repository ending in <c>/sluice</c>, with any tag or digest.</summary>
    public static bool IsSluice(string image)
    {
        var repository = image.Split('@')[0];
        var lastSlash = repository.LastIndexOf('/');
        var colon = repository.LastIndexOf(':');
        if (colon > lastSlash)
        {
            repository = repository[..colon];
        }

        return repository == "sluice" || repository.EndsWith("/sluice", StringComparison.Ordinal);
    }
}
