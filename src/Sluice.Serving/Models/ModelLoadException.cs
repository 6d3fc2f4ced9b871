namespace Sluice.Serving.Models;

/// <summary>A model could not be fetched, verified or loaded; the message says which and why.</summary>
public sealed class ModelLoadException(string message, Exception? inner = null) : Exception(message, inner);
