namespace Sluice.Core.Monitoring;

/// <summary>The retraining PipelineRun to create: a deterministic name, so a retried create never makes two.</summary>
public sealed record RetrainRequest(string RunName, string Pipeline, WindowSpan Window, string Source);
