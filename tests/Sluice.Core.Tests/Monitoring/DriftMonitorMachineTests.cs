using Sluice.Core.Api;
using Sluice.Core.Monitoring;

namespace Sluice.Core.Tests.Monitoring;

/// <summary>The DriftMonitor machine over sequences of windows: streaks, neutral windows, resets, retrain safeguards.</summary>
public sealed class DriftMonitorMachineTests
{
    private static readonly DateTimeOffset Created = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly MonitorBaseline V1 = new("cancer-v1", "v1", "s3://b/profile-v1");
    private static readonly MonitorBaseline V2 = new("cancer-v2", "v2", "s3://b/profile-v2");

    private static DriftSettings Settings(int windows = 2, string cooldown = "1m", int refusals = 2, bool retrain = true) => DriftSettings.From(new DriftMonitorSpec
    {
        Model = "cancer",
        Interval = "10s",
        Window = new DriftWindow { AllowedLateness = "2s", MinSamples = 100 },
        ConsecutiveWindows = windows,
        Retrain = retrain ? new RetrainSpec { PipelineRef = new LocalObjectReference { Name = "train" }, Cooldown = cooldown, MaxConsecutiveRefusals = refusals } : null,
    });

    private static WindowResult Result(string verdict) => new(verdict, verdict == WindowVerdicts.InsufficientData ? 10 : 1000, 1000, 0, 0, 30,
        verdict == WindowVerdicts.Drifted ? 20 : 1, verdict == WindowVerdicts.Drifted ? 20 / 30.0 : 1 / 30.0, "s3://b/r.json",
        [new FeatureScore("mean_radius", "ks", 1e-9, 1e-9, 0.05, verdict == WindowVerdicts.Drifted)], 29);

    /// <summary>A simulated monitor: each window is evaluated by a Job that finishes with the given verdict.</summary>
    private sealed class Simulation(DriftSettings settings)
    {
        public DriftMonitorStatus? Status { get; private set; }

        public List<MonitorEvent> Events { get; } = [];

        public List<RetrainRequest> Runs { get; } = [];

        public Dictionary<string, string> Outcomes { get; } = [];

        public MonitorBaseline Baseline { get; set; } = V1;

        public long Generation { get; set; } = 1;

        public bool PipelineExists { get; set; } = true;

        public DateTimeOffset Now { get; private set; } = Created;

        public MonitorDecision Pass(EvaluationJobState? job, bool reset = false)
        {
            var decision = DriftMonitorMachine.Decide(new MonitorObservation("dm", Generation, Created, Now, settings, [], Baseline, null, job,
                [.. Runs.Select(r => new RetrainRunView(r.RunName, Now, Outcomes.GetValueOrDefault(r.RunName, RetrainOutcomes.Running), null))], PipelineExists, reset, Status));
            Status = decision.Status;
            Events.AddRange(decision.Events);
            if (decision.CreateRun is { } run)
            {
                Runs.Add(run);
            }

            return decision;
        }

        /// <summary>Lets the next window close, starts its Job and finishes it with <paramref name="verdict"/>.</summary>
        public MonitorDecision Window(string verdict)
        {
            var started = Pass(null);
            if (started.StartJob is null)
            {
                Now = started.WakeAt!.Value;
                started = Pass(null);
            }

            var window = started.StartJob!.Value;
            var job = verdict == WindowVerdicts.Failed
                ? new EvaluationJobState("job", window, Baseline.ModelVersion, true, null, "profile not found")
                : new EvaluationJobState("job", window, Baseline.ModelVersion, true, Result(verdict), null);
            return Pass(job);
        }

        public void Wait(TimeSpan time) => Now += time;

        public string? Condition(string type) => Status?.Conditions?.FirstOrDefault(c => c.Type == type) is { } c ? $"{c.Status}/{c.Reason}" : null;
    }

    [Theory]
    // D drifted, C clean, I insufficient data, F failed evaluation: streak after each window.
    [InlineData("D D", "1 2")]
    [InlineData("D C D", "1 0 1")]
    [InlineData("D I D", "1 1 2")]
    [InlineData("D F D", "1 1 2")]
    [InlineData("I I", "0 0")]
    [InlineData("C D D D", "0 1 2 3")]
    public void Drifted_windows_count_clean_ones_reset_and_neutral_ones_do_neither(string verdicts, string streaks)
    {
        var sim = new Simulation(Settings(windows: 99));
        var seen = new List<int>();
        foreach (var v in verdicts.Split(' '))
        {
            sim.Window(v switch { "D" => WindowVerdicts.Drifted, "C" => WindowVerdicts.Clean, "I" => WindowVerdicts.InsufficientData, _ => WindowVerdicts.Failed });
            seen.Add(sim.Status!.ConsecutiveDriftedWindows!.Value);
        }

        Assert.Equal(streaks, string.Join(' ', seen));
    }

    [Fact]
    public void Windows_are_evaluated_in_order_each_once_and_the_watermark_follows()
    {
        var sim = new Simulation(Settings());
        var first = sim.Pass(null);
        Assert.Null(first.StartJob);
        Assert.Equal(Created + TimeSpan.FromSeconds(12), first.WakeAt);
        sim.Window(WindowVerdicts.Clean);
        Assert.Equal(Created + TimeSpan.FromSeconds(10), sim.Status!.Watermark);
        sim.Window(WindowVerdicts.Clean);
        Assert.Equal(Created + TimeSpan.FromSeconds(20), sim.Status!.Watermark);
        Assert.Equal(2, sim.Status.History!.Count);
        Assert.Equal("True/Evaluating", sim.Condition(DriftMonitorMachine.Ready));
        Assert.Equal("False/NoDrift", sim.Condition(DriftMonitorMachine.DriftDetected));
    }

    [Fact]
    public void A_finished_job_is_deleted_after_its_window_is_recorded_and_a_running_one_is_left_alone()
    {
        var sim = new Simulation(Settings());
        sim.Wait(TimeSpan.FromSeconds(12));
        var window = sim.Pass(null).StartJob!.Value;
        var running = sim.Pass(new EvaluationJobState("job-1", window, "cancer-v1", false, null, null));
        Assert.Null(running.StartJob);
        Assert.Null(running.DeleteJob);
        Assert.Null(sim.Status!.Watermark);
        var done = sim.Pass(new EvaluationJobState("job-1", window, "cancer-v1", true, Result(WindowVerdicts.Clean), null));
        Assert.Equal("job-1", done.DeleteJob);
        Assert.Equal(window.End, done.Status.Watermark);
    }

    [Fact]
    public void Enough_drifted_windows_start_exactly_one_run_and_the_cooldown_and_the_active_run_hold_the_next_back()
    {
        var sim = new Simulation(Settings(windows: 2, cooldown: "1h"));
        sim.Window(WindowVerdicts.Drifted);
        Assert.Empty(sim.Runs);
        sim.Window(WindowVerdicts.Drifted);
        var run = Assert.Single(sim.Runs);
        Assert.Equal("dm-drift-20261207100020", run.RunName);
        Assert.Equal("False/RetrainTriggered", sim.Condition(DriftMonitorMachine.RetrainHeldBack));
        Assert.Equal(RetrainOutcomes.Running, sim.Status!.LastRetrain!.Outcome);

        sim.Window(WindowVerdicts.Drifted);
        Assert.Single(sim.Runs);
        Assert.Equal("RunActive", sim.Status.LastHeldBack!.Reason);
        Assert.Equal("True/RunActive", sim.Condition(DriftMonitorMachine.RetrainHeldBack));

        sim.Outcomes[run.RunName] = RetrainOutcomes.Registered;
        sim.Window(WindowVerdicts.Drifted);
        Assert.Single(sim.Runs);
        Assert.Equal("Cooldown", sim.Status.LastHeldBack!.Reason);
        Assert.Equal(RetrainOutcomes.Registered, sim.Status.LastRetrain!.Outcome);
        Assert.Contains(sim.Events, e => e.Reason == "RetrainHeldBack" && e.Message.StartsWith("Cooldown: ", StringComparison.Ordinal));

        sim.Wait(TimeSpan.FromHours(1));
        sim.Window(WindowVerdicts.Drifted);
        Assert.Equal(2, sim.Runs.Count);
    }

    [Fact]
    public void Refused_retrains_in_a_row_open_the_circuit_breaker_until_a_reset()
    {
        var sim = new Simulation(Settings(windows: 1, cooldown: "1s", refusals: 2));
        for (var i = 1; i <= 2; i++)
        {
            sim.Window(WindowVerdicts.Drifted);
            Assert.Equal(i, sim.Runs.Count);
            sim.Outcomes[sim.Runs[^1].RunName] = RetrainOutcomes.Refused;
            sim.Pass(null);
        }

        Assert.Equal(2, sim.Status!.ConsecutiveRefusals);
        Assert.Equal("True/CircuitOpen", sim.Condition(DriftMonitorMachine.RetrainingSuspended));
        Assert.Contains(sim.Events, e => e.Reason == "CircuitOpened" && e.Warning);
        sim.Window(WindowVerdicts.Drifted);
        Assert.Equal(2, sim.Runs.Count);
        Assert.Equal("CircuitOpen", sim.Status.LastHeldBack!.Reason);

        var reset = sim.Pass(null, reset: true);
        Assert.True(reset.ResetConsumed);
        Assert.Equal("False/RetrainingAllowed", sim.Condition(DriftMonitorMachine.RetrainingSuspended));
        sim.Window(WindowVerdicts.Drifted);
        Assert.Equal(3, sim.Runs.Count);
    }

    [Fact]
    public void A_registered_retrain_closes_the_count_of_refusals()
    {
        var sim = new Simulation(Settings(windows: 1, cooldown: "1s", refusals: 2));
        sim.Window(WindowVerdicts.Drifted);
        sim.Outcomes[sim.Runs[^1].RunName] = RetrainOutcomes.Refused;
        sim.Window(WindowVerdicts.Drifted);
        Assert.Equal(1, sim.Status!.ConsecutiveRefusals);
        sim.Outcomes[sim.Runs[^1].RunName] = RetrainOutcomes.Registered;
        sim.Pass(null);
        Assert.Equal(0, sim.Status.ConsecutiveRefusals);
    }

    [Fact]
    public void A_new_stable_version_and_a_spec_change_reset_the_streak_and_say_so()
    {
        var sim = new Simulation(Settings(windows: 5));
        sim.Window(WindowVerdicts.Drifted);
        sim.Window(WindowVerdicts.Drifted);
        sim.Baseline = V2;
        sim.Pass(null);
        Assert.Equal(0, sim.Status!.ConsecutiveDriftedWindows);
        Assert.Equal("cancer-v2", sim.Status.Baseline!.ModelVersion);
        Assert.Contains(sim.Events, e => e.Reason == "BaselineChanged" && e.Message.Contains("streak (2)", StringComparison.Ordinal));

        sim.Window(WindowVerdicts.Drifted);
        sim.Generation = 2;
        sim.Pass(null);
        Assert.Equal(0, sim.Status.ConsecutiveDriftedWindows);
        Assert.Contains(sim.Events, e => e.Reason == "SpecChanged");
    }

    [Fact]
    public void A_window_evaluated_against_a_former_baseline_is_reported_but_does_not_count()
    {
        var sim = new Simulation(Settings(windows: 1));
        sim.Wait(TimeSpan.FromSeconds(12));
        var window = sim.Pass(null).StartJob!.Value;
        sim.Baseline = V2;
        sim.Pass(new EvaluationJobState("job", window, "cancer-v1", true, Result(WindowVerdicts.Drifted), null));
        Assert.Equal(WindowVerdicts.Drifted, sim.Status!.LastEvaluation!.Verdict);
        Assert.Equal(0, sim.Status.ConsecutiveDriftedWindows);
        Assert.Empty(sim.Runs);
    }

    [Fact]
    public void Without_a_baseline_nothing_is_evaluated_and_Ready_says_why()
    {
        var decision = DriftMonitorMachine.Decide(new MonitorObservation("dm", 1, Created, Created + TimeSpan.FromHours(1), Settings(), [], null,
            "model cancer has no Stable ModelVersion serving", null, [], true, false, null));
        Assert.Null(decision.StartJob);
        var ready = decision.Status.Conditions!.Single(c => c.Type == "Ready");
        Assert.Equal(("False", "NoBaseline"), (ready.Status, ready.Reason));
        Assert.Contains("no Stable ModelVersion", ready.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_spec_is_reported_with_its_fields_and_nothing_runs()
    {
        var decision = DriftMonitorMachine.Decide(new MonitorObservation("dm", 1, Created, Created + TimeSpan.FromHours(1), Settings(),
            ["spec.interval: \"soon\" is not a duration"], V1, null, null, [], true, false, null));
        Assert.Null(decision.StartJob);
        Assert.Contains("spec.interval", decision.Status.Conditions!.Single(c => c.Type == "Ready").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_evaluation_is_recorded_makes_Ready_false_and_the_next_window_goes_on()
    {
        var sim = new Simulation(Settings());
        var failed = sim.Window(WindowVerdicts.Failed);
        Assert.Equal("False/EvaluationFailed", sim.Condition(DriftMonitorMachine.Ready));
        Assert.Equal(WindowVerdicts.Failed, sim.Status!.LastEvaluation!.Verdict);
        Assert.Equal("profile not found", sim.Status.LastEvaluation.Message);
        Assert.Contains(failed.Events, e => e.Reason == "EvaluationFailed" && e.Warning);
        sim.Window(WindowVerdicts.Clean);
        Assert.Equal("True/Evaluating", sim.Condition(DriftMonitorMachine.Ready));
    }

    [Fact]
    public void Insufficient_data_is_a_condition_and_an_event_and_leaves_DriftDetected_as_it_was()
    {
        var sim = new Simulation(Settings(windows: 5));
        sim.Window(WindowVerdicts.Drifted);
        sim.Window(WindowVerdicts.InsufficientData);
        Assert.Equal("True/TooFewRows", sim.Condition(DriftMonitorMachine.InsufficientData));
        Assert.Equal("True/DriftDetected", sim.Condition(DriftMonitorMachine.DriftDetected));
        sim.Window(WindowVerdicts.Clean);
        Assert.Equal("False/EnoughRows", sim.Condition(DriftMonitorMachine.InsufficientData));
        Assert.Contains(sim.Events, e => e.Reason == "DriftCleared");
    }

    [Fact]
    public void Without_a_retrain_spec_drift_is_only_reported()
    {
        var sim = new Simulation(Settings(windows: 1, retrain: false));
        sim.Window(WindowVerdicts.Drifted);
        Assert.Empty(sim.Runs);
        Assert.Null(sim.Condition(DriftMonitorMachine.RetrainHeldBack));
        Assert.Null(sim.Condition(DriftMonitorMachine.RetrainingSuspended));
    }

    [Fact]
    public void A_missing_pipeline_holds_the_retrain_back_with_the_reason()
    {
        var sim = new Simulation(Settings(windows: 1)) { PipelineExists = false };
        sim.Window(WindowVerdicts.Drifted);
        Assert.Empty(sim.Runs);
        Assert.Equal("PipelineNotFound", sim.Status!.LastHeldBack!.Reason);
    }

    [Fact]
    public void History_keeps_the_last_windows_oldest_first()
    {
        var sim = new Simulation(Settings(windows: 999));
        for (var i = 0; i < DriftMonitorMachine.HistoryLength + 3; i++)
        {
            sim.Window(i % 2 == 0 ? WindowVerdicts.Clean : WindowVerdicts.Drifted);
        }

        Assert.Equal(DriftMonitorMachine.HistoryLength, sim.Status!.History!.Count);
        Assert.True(sim.Status.History.Zip(sim.Status.History.Skip(1)).All(p => p.First.Start < p.Second.Start));
        Assert.Equal(sim.Status.Watermark - TimeSpan.FromSeconds(10), sim.Status.History[^1].Start);
    }
}
