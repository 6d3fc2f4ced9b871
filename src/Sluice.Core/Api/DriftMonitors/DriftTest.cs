using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>A drift test and its threshold.</summary>
public sealed record DriftTest
{
    /// <summary>ks, chi2 (p-value tests: drift when p &lt; threshold), psi, jensenshannon, wasserstein or linf (distances: drift when score &gt;= threshold).</summary>
    [JsonPropertyName("method")]
    [Required]
    public string Method { get; set; } = "";

    /// <summary>Threshold: a p-value in (0, 1) for ks and chi2, a distance in (0, 1] for jensenshannon and linf, a positive number for psi and wasserstein (in standard deviations).</summary>
    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }
}
