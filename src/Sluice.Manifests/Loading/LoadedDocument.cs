namespace Sluice.Manifests.Loading;

/// <summary>
/// One YAML document of a manifest file: its position, what it claims to be, the typed resource (null when it
/// could not be built) and the problems found while loading it. <paramref name="Partial"/> is the resource built
/// from the fields that did load when <paramref name="Errors"/> kept <paramref name="Resource"/> from being
/// built (an unknown field, a value of the wrong type), so the semantic checks still run and every problem of
/// the document is reported at once; it is never to be applied or run.
/// </summary>
public sealed record LoadedDocument(
    int Index, int Line, string? Kind, string? Name, object? Resource, IReadOnlyList<ManifestError> Errors, object? Partial = null);
