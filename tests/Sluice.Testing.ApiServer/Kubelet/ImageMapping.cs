namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>
/// One <c>--run-image REPOSITORY=EXECUTABLE</c>: pods of any tag or digest of the repository run the executable as
/// their image's entrypoint.
/// </summary>
public sealed record ImageMapping(string Repository, string Executable)
{
    /// <summary>Parses <c>REPOSITORY=EXECUTABLE</c>, saying what is wrong when it is not.</summary>
    public static ImageMapping Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var eq = text.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0 || eq == text.Length - 1)
        {
            throw new FormatException($"--run-image: \"{text}\" is not REPOSITORY=EXECUTABLE (for example ghcr.io/sluice-dev/sluice=/usr/local/bin/sluice)");
        }

        var repository = text[..eq].Trim();
        if (ImageReference.Repository(repository) != repository)
        {
            throw new FormatException($"--run-image: \"{repository}\" names a tag or digest; give the repository only (it matches every tag and digest)");
        }

        return new ImageMapping(repository, text[(eq + 1)..].Trim());
    }

    /// <summary>Whether a container's image (any tag or digest) is of this repository, as a container runtime resolves names.</summary>
    public bool Matches(string image) =>
        ImageReference.Normalize(ImageReference.Repository(image)) == ImageReference.Normalize(Repository);
}
