using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The S3 bucket stage artifacts are written to, under KEYPREFIX/NAMESPACE/PIPELINE/RUN/STAGE/ARTIFACT.</summary>
public sealed record ArtifactRepository
{
    /// <summary>S3 endpoint URL, such as http://minio.storage:9000; AWS S3 when empty.</summary>
    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    /// <summary>Bucket name.</summary>
    [JsonPropertyName("bucket")]
    [Required]
    [Pattern("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    public string Bucket { get; set; } = "";

    /// <summary>Key prefix inside the bucket.</summary>
    [JsonPropertyName("keyPrefix")]
    public string? KeyPrefix { get; set; }

    /// <summary>Region of the bucket.</summary>
    [JsonPropertyName("region")]
    public string? Region { get; set; }

    /// <summary>The Secret holding the access key id and secret access key.</summary>
    [JsonPropertyName("credentialsSecret")]
    public CredentialsSecretReference? CredentialsSecret { get; set; }
}
