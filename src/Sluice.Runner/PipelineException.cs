namespace Sluice.Runner;

/// <summary>The pipeline file or the run's options are wrong; the message names the field and what to do.</summary>
public sealed class PipelineException(string message) : Exception(message);
