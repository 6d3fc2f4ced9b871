using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>An environment variable of a container, as in a Kubernetes Pod (value or valueFrom).</summary>
public sealed record EnvVar
{
    /// <summary>Name of the environment variable.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Pattern("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    public string Name { get; set; } = "";

    /// <summary>Literal value; $(params.NAME) references are replaced with the run's parameter values.</summary>
    [JsonPropertyName("value")]
    public string? Value { get; set; }

    /// <summary>Source of the value when it is not a literal (a Secret key, a ConfigMap key or a Pod field).</summary>
    [JsonPropertyName("valueFrom")]
    public EnvVarSource? ValueFrom { get; set; }
}
