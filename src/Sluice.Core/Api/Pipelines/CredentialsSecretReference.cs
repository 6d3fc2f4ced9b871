using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A Secret in the resource's namespace holding S3 credentials.</summary>
public sealed record CredentialsSecretReference
{
    /// <summary>Name of the Secret.</summary>
    [JsonPropertyName("name")]
    [Required]
    public string Name { get; set; } = "";

    /// <summary>Key of the access key id.</summary>
    [JsonPropertyName("accessKeyIdKey")]
    [Default("AWS_ACCESS_KEY_ID")]
    public string? AccessKeyIdKey { get; set; }

    /// <summary>Key of the secret access key.</summary>
    [JsonPropertyName("secretAccessKeyKey")]
    [Default("AWS_SECRET_ACCESS_KEY")]
    public string? SecretAccessKeyKey { get; set; }
}
