namespace Sluice.Testing.ApiServer.Kubelet;

/// <summary>How a container instance ended, as containerStatuses[].state.terminated shows it.</summary>
internal sealed record TerminatedState(int ExitCode, string Reason, string? Message, DateTimeOffset StartedAt, DateTimeOffset FinishedAt, string ContainerId);
