namespace Sluice.Operator.Tests.Controllers;

/// <summary>The system clock moved by an offset: the operator believes it is later, while delays still run in real time.</summary>
internal sealed class ShiftedTimeProvider(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
