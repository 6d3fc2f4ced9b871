namespace Sluice.Steps;

/// <summary>A step failed for a reason the user can fix; the message says what and where.</summary>
public sealed class StepException(string message, Exception? inner = null) : Exception(message, inner);
