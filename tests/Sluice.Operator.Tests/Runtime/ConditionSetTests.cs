using Sluice.Core.Conditions;

namespace Sluice.Operator.Tests.Runtime;

public sealed class ConditionSetTests
{
    private static readonly DateTimeOffset Earlier = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("True", "True", "Running", false)]
    [InlineData("True", "True", "OtherReason", false)]
    [InlineData("Unknown", "True", "Running", true)]
    [InlineData("True", "False", "Failed", true)]
    [InlineData("False", "Unknown", "Pending", true)]
    public void Transition_time_moves_only_when_the_status_flips(
        string before, string after, string reason, bool expectMoved)
    {
        IReadOnlyList<ConditionState> existing = [new("Succeeded", before, "Running", "m", Earlier, 1)];

        var updated = ConditionSet.Set(existing, "Succeeded", after, reason, "new message", 2, Now);

        var condition = Assert.Single(updated);
        Assert.Equal(expectMoved ? Now : Earlier, condition.LastTransitionTime);
        Assert.Equal(after, condition.Status);
        Assert.Equal(reason, condition.Reason);
        Assert.Equal("new message", condition.Message);
        Assert.Equal(2, condition.ObservedGeneration);
    }

    [Fact]
    public void Setting_the_same_condition_again_yields_an_equal_list_so_no_write_is_needed()
    {
        IReadOnlyList<ConditionState> existing = [new("Ready", "True", "Valid", "ok", Earlier, 3)];

        var updated = ConditionSet.Set(existing, "Ready", "True", "Valid", "ok", 3, Now);

        Assert.True(ConditionSet.SameAs(existing, updated));
    }

    [Fact]
    public void First_visit_marks_missing_types_unknown_and_keeps_existing_ones()
    {
        IReadOnlyList<ConditionState> existing = [new("Ready", "True", "Valid", "ok", Earlier, 1)];

        var updated = ConditionSet.InitializeUnknown(existing, ["Ready", "Succeeded"], "Pending", "picked up", 1, Now);

        Assert.Equal(2, updated.Count);
        Assert.Equal("True", ConditionSet.Find(updated, "Ready")!.Status);
        var succeeded = ConditionSet.Find(updated, "Succeeded")!;
        Assert.Equal(ConditionStatus.Unknown, succeeded.Status);
        Assert.Equal(Now, succeeded.LastTransitionTime);
    }

    [Theory]
    [InlineData("true")]
    [InlineData("")]
    [InlineData("Yes")]
    public void A_status_other_than_true_false_unknown_is_rejected_with_the_condition_named(string status)
    {
        var error = Assert.Throws<ArgumentException>(
            () => ConditionSet.Set([], "Ready", status, "R", "m", null, Now));
        Assert.Contains("condition Ready", error.Message, StringComparison.Ordinal);
    }
}
