namespace Sluice.Runtime.Informers;

/// <summary>The API server answered 410 Gone: the resourceVersion is compacted away and a re-list is needed.</summary>
public sealed class ResourceVersionExpiredException(string message) : Exception(message);
