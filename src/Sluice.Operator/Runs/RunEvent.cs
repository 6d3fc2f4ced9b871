namespace Sluice.Operator.Runs;

/// <summary>An Event a reconcile pass raises on the run: Normal or Warning, a CamelCase reason and a sentence.</summary>
internal sealed record RunEvent(bool Warning, string Reason, string Message);
