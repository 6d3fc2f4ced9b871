using System.Text.Json.Serialization;
using Sluice.Core.Api.Schema;

namespace Sluice.Core.Api;

/// <summary>One step of the DAG, run as a Kubernetes Job named &lt;run&gt;-&lt;stage&gt;-&lt;attempt&gt;.</summary>
public sealed record Stage
{
    /// <summary>Name of the stage: a DNS-1123 label, unique in the Pipeline.</summary>
    [JsonPropertyName("name")]
    [Required]
    [Pattern("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")]
    [Length(1, 63)]
    public string Name { get; set; } = "";

    /// <summary>Container image of the stage.</summary>
    [JsonPropertyName("image")]
    [Required]
    [Length(1)]
    public string Image { get; set; } = "";

    /// <summary>Entrypoint; the image's ENTRYPOINT when empty.</summary>
    [JsonPropertyName("command")]
    public List<string>? Command { get; set; }

    /// <summary>Arguments to the entrypoint; the image's CMD when empty.</summary>
    [JsonPropertyName("args")]
    public List<string>? Args { get; set; }

    /// <summary>Environment variables of the container, besides the SLUICE_* stage contract variables.</summary>
    [JsonPropertyName("env")]
    public List<EnvVar>? Env { get; set; }

    /// <summary>Secrets and ConfigMaps imported as environment variables.</summary>
    [JsonPropertyName("envFrom")]
    public List<EnvFromSource>? EnvFrom { get; set; }

    /// <summary>Compute resources of the container.</summary>
    [JsonPropertyName("resources")]
    public ResourceRequirements? Resources { get; set; }

    /// <summary>Stages that must succeed before this one starts.</summary>
    [JsonPropertyName("dependsOn")]
    public List<string>? DependsOn { get; set; }

    /// <summary>Artifacts this stage reads, each produced by an upstream stage.</summary>
    [JsonPropertyName("inputs")]
    public List<StageInput>? Inputs { get; set; }

    /// <summary>Names of the artifacts this stage writes.</summary>
    [JsonPropertyName("outputs")]
    public List<string>? Outputs { get; set; }

    /// <summary>How often and how soon to retry a failed attempt.</summary>
    [JsonPropertyName("retryStrategy")]
    public RetryStrategy? RetryStrategy { get; set; }

    /// <summary>Longest one attempt may run, as a duration such as 30m or 1h30m; no limit when empty.</summary>
    [JsonPropertyName("timeout")]
    public string? Timeout { get; set; }
}
