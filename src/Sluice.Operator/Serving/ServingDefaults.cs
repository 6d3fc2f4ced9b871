namespace Sluice.Operator.Serving;

/// <summary>
/// The operator's settings for serving: the server image (--serving-image, else the Sluice image of this
/// operator's version) and the artifact store (--default-artifact-*) models are read from and request logs go to.
/// </summary>
internal sealed record ServingDefaults(string Image, string? Endpoint, string? Bucket, string? Secret)
{
    public static string DefaultImage
    {
        get
        {
            var version = typeof(ServingDefaults).Assembly.GetName().Version ?? new Version(0, 1, 0);
            return $"ghcr.io/sluice-dev/sluice:{version.Major}.{version.Minor}.{Math.Max(0, version.Build)}";
        }
    }

    /// <summary>Where request logs go: the artifact bucket's root (serve adds serving-logs/NAMESPACE/MODEL/VERSION).</summary>
    public string? RequestLogRoot => string.IsNullOrWhiteSpace(Bucket) ? null : $"s3://{Bucket}";
}
