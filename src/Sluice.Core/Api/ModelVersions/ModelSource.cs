using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>The model file.</summary>
public sealed record ModelSource
{
    /// <summary>URI of the model file: s3://bucket/key or file:///path.</summary>
    [JsonPropertyName("uri")]
    [Required]
    [Pattern("^(s3://[^/]+/.+|file:///.+)$")]
    public string Uri { get; set; } = "";

    /// <summary>Format of the model file; only onnx is supported.</summary>
    [JsonPropertyName("format")]
    [AllowedValues("onnx")]
    [Default("onnx")]
    public string? Format { get; set; }

    /// <summary>Hex SHA-256 of the file; the server refuses a file that does not match.</summary>
    [JsonPropertyName("sha256")]
    [Pattern("^[a-f0-9]{64}$")]
    public string? Sha256 { get; set; }
}
