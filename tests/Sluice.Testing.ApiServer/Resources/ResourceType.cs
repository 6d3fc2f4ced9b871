namespace Sluice.Testing.ApiServer.Resources;

/// <summary>One served resource: a (group, version) plus its kind and REST names.</summary>
internal sealed record ResourceType(
    string Group,
    string Version,
    string Kind,
    string Plural,
    bool Namespaced,
    IReadOnlyList<string> ShortNames,
    bool HasStatus,
    string Singular = "")
{
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The storage identity: every version of a resource shares one set of objects.</summary>
    public string StorageKey => SharedStorage ?? $"{Group}/{Plural}";

    /// <summary>The storage of another API's resource this one is a view of (events.k8s.io events are core events).</summary>
    public string? SharedStorage { get; init; }

    public string SingularName => Singular.Length > 0 ? Singular : Kind.ToLowerInvariant();

    /// <summary>The CRD's printer columns (null for built-ins, which use <see cref="Http.TableBuilder"/> defaults).</summary>
    public System.Text.Json.Nodes.JsonArray? PrinterColumns { get; init; }

    /// <summary>The CRD's openAPIV3Schema for this version, used for validation, defaulting and pruning.</summary>
    public System.Text.Json.Nodes.JsonObject? Schema { get; init; }

    public bool IsCustom { get; init; }

    /// <summary>batch/v1 jobs orphan their pods when no propagationPolicy is given (kept for compatibility upstream).</summary>
    public bool DefaultOrphan { get; init; }

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>Serves the autoscaling/v1 Scale subresource over spec.replicas (what `kubectl scale` uses).</summary>
    public bool HasScale { get; init; }

    /// <summary>Whether objects have a metadata.generation and which changes bump it: custom resources bump on content; a built-in states its strategy's.</summary>
    public GenerationPolicy Generation { get; init; } = GenerationPolicy.Content;
}
