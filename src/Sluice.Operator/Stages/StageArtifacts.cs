using Sluice.Core.Api;

namespace Sluice.Operator.Stages;

/// <summary>
/// Where one run's artifacts live: <see cref="RunUri"/> is <c>s3://BUCKET/[KEYPREFIX/]NAMESPACE/PIPELINE/RUN</c>,
/// and each artifact is at <c>RunUri/STAGE/ARTIFACT</c>.
/// </summary>
/// <param name="Endpoint">S3 endpoint URL; AWS S3 when null.</param>
/// <param name="Secret">The Secret holding the credentials; none (workload identity, instance role) when null.</param>
internal sealed record StageArtifacts(string RunUri, string? Endpoint, string? Region, CredentialsSecretReference? Secret)
{
    /// <summary>
    /// The run's artifact location from the Pipeline's <c>spec.artifactRepository</c>, else from the operator's
    /// <c>--default-artifact-*</c> settings. A repository in the spec is used whole: its endpoint and secret never
    /// fall back to the operator's defaults, so the default credentials are never sent to another endpoint.
    /// </summary>
    /// <exception cref="InvalidOperationException">Neither the spec nor the operator names a bucket.</exception>
    public static StageArtifacts Resolve(
        ArtifactRepository? repo, string? defaultEndpoint, string? defaultBucket, string? defaultSecret, string ns, string pipeline, string run)
    {
        if (repo is not null && !string.IsNullOrWhiteSpace(repo.Bucket))
        {
            return new StageArtifacts(RunPrefix(repo.Bucket, repo.KeyPrefix, ns, pipeline, run), Blank(repo.Endpoint), Blank(repo.Region), repo.CredentialsSecret);
        }

        if (!string.IsNullOrWhiteSpace(defaultBucket))
        {
            var secret = string.IsNullOrWhiteSpace(defaultSecret) ? null : new CredentialsSecretReference { Name = defaultSecret };
            return new StageArtifacts(RunPrefix(defaultBucket, null, ns, pipeline, run), Blank(defaultEndpoint), null, secret);
        }

        throw new InvalidOperationException(
            $"Pipeline {ns}/{pipeline} has no artifact repository: set spec.artifactRepository.bucket on the Pipeline, " +
            "or start the operator with --default-artifact-bucket (and --default-artifact-endpoint, --default-artifact-secret)");
    }

    private static string RunPrefix(string bucket, string? keyPrefix, string ns, string pipeline, string run)
    {
        var prefix = keyPrefix?.Trim('/');
        return string.IsNullOrEmpty(prefix)
            ? $"s3://{bucket}/{ns}/{pipeline}/{run}"
            : $"s3://{bucket}/{prefix}/{ns}/{pipeline}/{run}";
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
