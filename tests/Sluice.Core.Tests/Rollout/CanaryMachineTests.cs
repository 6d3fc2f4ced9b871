using Sluice.Core.Analysis;
using Sluice.Core.Api;
using Sluice.Core.Rollout;

namespace Sluice.Core.Tests.Rollout;

public sealed class CanaryMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 3, 0, 0, TimeSpan.Zero);

    /// <summary>Steps from a compact form: "10" is setWeight 10, "5m" a timed pause, "||" a pause without duration.</summary>
    private static List<CanaryStep> Steps(string text) => [.. text.Split(' ').Select(s => s switch
    {
        "||" => new CanaryStep { Pause = new PauseStep() },
        _ when char.IsAsciiLetter(s[^1]) => new CanaryStep { Pause = new PauseStep { Duration = s } },
        _ => new CanaryStep { SetWeight = int.Parse(s, System.Globalization.CultureInfo.InvariantCulture) },
    })];

    private static readonly List<CanaryStep> Standard = Steps("10 5m 50 || 100");

    private static CanaryObservation Seen(bool atSplit = true, int restarts = 0, bool deadline = false, CheckVerdict? check = null, RolloutAction? action = null, DateTimeOffset? now = null,
        Func<int, bool>? reached = null) =>
        new(reached ?? (_ => atSplit), restarts, deadline, check is { } v ? new CheckResult(v, v == CheckVerdict.Failed ? "errorRate" : null, $"check {v}", new CanaryMeasurement(0, 0, 0, 0, 0, null, null, 0, 0, null, null)) : null, action, now ?? T0);

    private static CanaryDecision Next(CanaryProgress progress, CanaryObservation seen, NoDataPolicy policy = NoDataPolicy.Wait, int failureLimit = 2) =>
        CanaryMachine.Next(Standard, new CanaryAnalysis { NoDataPolicy = policy, FailureLimit = failureLimit }, progress, seen);

    [Theory]
    [InlineData("10 5m 50 || 100", 0, 10)]
    [InlineData("10 5m 50 || 100", 1, 10)]
    [InlineData("10 5m 50 || 100", 3, 50)]
    [InlineData("10 5m 50 || 100", 5, 100)]
    [InlineData("5m 20", 0, 0)]
    public void The_weight_of_a_step_is_the_last_setWeight_at_or_before_it(string steps, int index, int weight) =>
        Assert.Equal(weight, CanaryMachine.WeightAt(Steps(steps), index));

    [Fact]
    public void A_setWeight_step_advances_only_once_the_pods_match_the_split()
    {
        var moving = Next(CanaryProgress.Start(T0), Seen(atSplit: false));
        var reached = Next(CanaryProgress.Start(T0), Seen(atSplit: true, now: T0.AddSeconds(20)));

        Assert.Equal((CanaryOutcome.Progressing, 0, 10, "ShiftingTraffic"), (moving.Outcome, moving.Progress.StepIndex, moving.Weight, moving.Reason));
        // Reached: the pass goes on to the pause, so the status says what the rollout does now, in one write.
        Assert.Equal((1, T0.AddSeconds(20), "Pausing", TimeSpan.FromMinutes(5)), (reached.Progress.StepIndex, reached.Progress.StepStartedAt, reached.Reason, reached.RequeueAfter));
        Assert.Equal(["StepCompleted"], reached.Events.Select(e => e.Reason));
    }

    [Fact]
    public void Every_step_already_done_is_passed_in_the_same_pass_with_an_Event_each()
    {
        // The pause is over and the traffic is already at 50%: past both, to the gate.
        var decision = CanaryMachine.Next(Steps("10 5m 50 || 100"), null, new CanaryProgress(1, T0, 0, null), Seen(reached: w => w == 50, now: T0.AddMinutes(6)));
        var moving = CanaryMachine.Next(Steps("10 5m 50 || 100"), null, new CanaryProgress(1, T0, 0, null), Seen(reached: w => w == 10, now: T0.AddMinutes(6)));

        Assert.Equal((CanaryOutcome.Paused, 3, CanaryMachine.ManualGate), (decision.Outcome, decision.Progress.StepIndex, decision.Reason));
        Assert.Equal(["StepCompleted", "StepCompleted", CanaryMachine.ManualGate], decision.Events.Select(e => e.Reason));
        Assert.Equal((2, "ShiftingTraffic", 50, T0.AddMinutes(6)), (moving.Progress.StepIndex, moving.Reason, moving.Weight, moving.Progress.StepStartedAt));
    }

    [Fact]
    public void A_timed_pause_waits_its_duration_and_says_when_to_look_again()
    {
        var step = new CanaryProgress(1, T0, 0, null);

        var waiting = Next(step, Seen(now: T0.AddMinutes(2)));
        var done = Next(step, Seen(atSplit: false, now: T0.AddMinutes(5)));

        Assert.Equal((CanaryOutcome.Progressing, 1, TimeSpan.FromMinutes(3)), (waiting.Outcome, waiting.Progress.StepIndex, waiting.RequeueAfter));
        Assert.Equal((2, 50), (done.Progress.StepIndex, CanaryMachine.WeightAt(Standard, done.Progress.StepIndex)));
    }

    [Fact]
    public void A_pause_without_duration_waits_for_a_person_and_resume_moves_past_it()
    {
        var gate = new CanaryProgress(3, T0, 0, null);

        var first = Next(gate, Seen());
        var again = Next(first.Progress, Seen(now: T0.AddHours(1)));
        var resumed = Next(again.Progress, Seen(action: RolloutAction.Resume, now: T0.AddHours(2)));

        Assert.Equal((CanaryOutcome.Paused, CanaryMachine.ManualGate, 50), (first.Outcome, first.Reason, first.Weight));
        Assert.Single(first.Events);
        Assert.Empty(again.Events);
        Assert.Equal((4, (string?)null, 100), (resumed.Progress.StepIndex, resumed.Progress.PausedReason, resumed.Weight));
    }

    [Fact]
    public void Failed_checks_abort_only_beyond_the_failure_limit_with_the_checks_message()
    {
        var progress = new CanaryProgress(1, T0, 0, null);
        var decisions = new List<CanaryDecision>();
        for (var i = 0; i < 3; i++)
        {
            var decision = Next(progress, Seen(check: CheckVerdict.Failed, now: T0.AddMinutes(1)));
            decisions.Add(decision);
            progress = decision.Progress;
        }

        Assert.Equal([CanaryOutcome.Progressing, CanaryOutcome.Progressing, CanaryOutcome.Abort], decisions.Select(d => d.Outcome));
        Assert.Equal(("AnalysisFailed", "check Failed (failed check 3, more than failureLimit 2)", 0), (decisions[2].Reason, decisions[2].Message, decisions[2].Weight));
        Assert.Contains(decisions[0].Events, e => e is { Warning: true, Reason: "AnalysisFailed" });
    }

    [Fact]
    public void No_traffic_under_Wait_pauses_and_a_check_with_data_resumes()
    {
        var progress = new CanaryProgress(1, T0, 0, null);

        var paused = Next(progress, Seen(check: CheckVerdict.NoData));
        var still = Next(paused.Progress, Seen(check: CheckVerdict.NoData));
        var resumed = Next(still.Progress, Seen(atSplit: false, check: CheckVerdict.Passed, now: T0.AddMinutes(6)));

        Assert.Equal((CanaryOutcome.Paused, CanaryMachine.InsufficientTraffic), (paused.Outcome, paused.Reason));
        Assert.Equal(0, paused.Progress.Failures);
        Assert.Equal(CanaryOutcome.Paused, still.Outcome);
        Assert.Equal((CanaryOutcome.Progressing, 2), (resumed.Outcome, resumed.Progress.StepIndex));
        Assert.Contains(resumed.Events, e => e.Reason == "RolloutResumed");
    }

    [Theory]
    [InlineData(NoDataPolicy.Pass, 0, CanaryOutcome.Progressing)]
    [InlineData(NoDataPolicy.Fail, 1, CanaryOutcome.Progressing)]
    public void No_data_under_Pass_or_Fail_counts_as_that(NoDataPolicy policy, int failures, CanaryOutcome outcome)
    {
        var decision = Next(new CanaryProgress(1, T0, 0, null), Seen(check: CheckVerdict.NoData, now: T0.AddMinutes(1)), policy);

        Assert.Equal((outcome, failures), (decision.Outcome, decision.Progress.Failures));
    }

    [Theory]
    [InlineData(1, false, "CanaryUnhealthy", "a canary pod restarted 1 time during the rollout")]
    [InlineData(0, true, "ProgressDeadlineExceeded", "the canary's pods did not become Ready within the progress deadline")]
    public void An_unhealthy_canary_is_aborted(int restarts, bool deadline, string reason, string message)
    {
        var decision = Next(new CanaryProgress(2, T0, 0, null), Seen(restarts: restarts, deadline: deadline, check: CheckVerdict.Passed));

        Assert.Equal((CanaryOutcome.Abort, reason, message, 0), (decision.Outcome, decision.Reason, decision.Message, decision.Weight));
        Assert.Contains(decision.Events, e => e is { Warning: true, Reason: "RolloutAborted" });
    }

    [Theory]
    [InlineData(1, false, "a canary pod restarted 1 time during the rollout: container server exited with code 1: model file is not a valid ONNX model")]
    [InlineData(0, true, "the canary's pods did not become Ready within the progress deadline: container server exited with code 1: model file is not a valid ONNX model")]
    public void The_abort_carries_what_the_kubelet_said_about_the_canarys_pods(int restarts, bool deadline, string message)
    {
        var seen = Seen(restarts: restarts, deadline: deadline) with { PodProblem = "container server exited with code 1: model file is not a valid ONNX model" };

        Assert.Equal(message, Next(new CanaryProgress(0, T0, 0, null), seen).Message);
    }

    [Theory]
    [InlineData(RolloutAction.Abort, CanaryOutcome.Abort, "AbortedByUser")]
    [InlineData(RolloutAction.Promote, CanaryOutcome.Promote, "PromotedByUser")]
    [InlineData(RolloutAction.Pause, CanaryOutcome.Paused, CanaryMachine.PausedByUser)]
    public void A_persons_action_wins_over_the_steps(RolloutAction action, CanaryOutcome outcome, string reason)
    {
        var decision = Next(new CanaryProgress(1, T0, 0, null), Seen(action: action, now: T0.AddMinutes(1)));

        Assert.Equal((outcome, reason), (decision.Outcome, decision.Reason));
    }

    [Fact]
    public void A_paused_rollout_resumes_where_it_was()
    {
        var paused = new CanaryProgress(1, T0, 0, CanaryMachine.PausedByUser);

        var held = Next(paused, Seen(now: T0.AddMinutes(10)));
        var resumed = Next(paused, Seen(atSplit: false, action: RolloutAction.Resume, now: T0.AddMinutes(10)));

        Assert.Equal((CanaryOutcome.Paused, 1), (held.Outcome, held.Progress.StepIndex));
        Assert.Equal((CanaryOutcome.Progressing, 2), (resumed.Outcome, resumed.Progress.StepIndex));
    }

    [Fact]
    public void Past_the_last_step_the_canary_is_promoted()
    {
        var decision = Next(new CanaryProgress(5, T0, 1, null), Seen());

        Assert.Equal((CanaryOutcome.Promote, "RolloutCompleted", 100), (decision.Outcome, decision.Reason, decision.Weight));
    }
}
