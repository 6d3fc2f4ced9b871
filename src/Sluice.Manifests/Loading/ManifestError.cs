namespace Sluice.Manifests.Loading;

/// <summary>A problem of one document: the field path, the message and where in the file (1-based; 0 when unknown).</summary>
public sealed record ManifestError(string Path, string Message, int Line = 0, int Column = 0)
{
    public override string ToString()
    {
        var where = Line > 0 ? $"line {Line}, column {Column}: " : "";
        return Path.Length == 0 ? $"{where}{Message}" : $"{where}{Path}: {Message}";
    }
}
