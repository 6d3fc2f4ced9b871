namespace Sluice.Manifests.Loading;

/// <summary>
/// One YAML document of a manifest file: its position, what it claims to be, the typed resource (null when it
/// could not be built) and the problems found while loading it.
/// </summary>
public sealed record LoadedDocument(int Index, int Line, string? Kind, string? Name, object? Resource, IReadOnlyList<ManifestError> Errors);
