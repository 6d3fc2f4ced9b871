namespace Sluice.Artifacts;

/// <summary>Key rules shared by both stores, and the layout <c>PREFIX/NAMESPACE/PIPELINE/RUN/STAGE/ARTIFACT</c>.</summary>
public static class ArtifactKeys
{
    /// <summary>The suffix of the sha256 sidecar next to every object; such keys are reserved.</summary>
    public const string Sha256Suffix = ".sha256";

    /// <summary>The key of one artifact of one stage of one run (relative to the store's root prefix).</summary>
    public static string For(string @namespace, string pipeline, string run, string stage, string artifact) =>
        string.Join('/', Segment(@namespace, "namespace"), Segment(pipeline, "pipeline"), Segment(run, "run"),
            Segment(stage, "stage"), Normalize(artifact));

    /// <summary>Checks a key and returns it with no leading slash; rejects empty, '..', '.' and reserved keys.</summary>
    public static string Normalize(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var trimmed = key.Replace('\\', '/').TrimStart('/');
        if (trimmed.Length == 0)
        {
            throw new ArgumentException("artifact key is empty", nameof(key));
        }

        foreach (var part in trimmed.Split('/'))
        {
            if (part is "" or "." or "..")
            {
                throw new ArgumentException($"artifact key \"{key}\" has an empty, '.' or '..' segment", nameof(key));
            }
        }

        if (trimmed.EndsWith(Sha256Suffix, StringComparison.Ordinal))
        {
            throw new ArgumentException($"artifact key \"{key}\" ends with {Sha256Suffix}, which is reserved for checksums", nameof(key));
        }

        return trimmed;
    }

    private static string Segment(string value, string what)
    {
        if (string.IsNullOrWhiteSpace(value) || value.Contains('/', StringComparison.Ordinal) || value is "." or "..")
        {
            throw new ArgumentException($"{what} \"{value}\" cannot be used as one path segment of an artifact key", what);
        }

        return value;
    }
}
