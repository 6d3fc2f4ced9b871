namespace Sluice.Core.Monitoring;

/// <summary>A retraining PipelineRun the monitor started, as far as the safeguards care.</summary>
/// <param name="Outcome">Running, Registered, Refused, Failed or Cancelled (<see cref="RetrainOutcomes"/>).</param>
public sealed record RetrainRunView(string Name, DateTimeOffset Created, string Outcome, string? ModelVersion);
