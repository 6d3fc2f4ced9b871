using System.Globalization;
using Sluice.Steps;
using Sluice.Steps.Drift;
using Sluice.Steps.Evaluate;
using Sluice.Steps.Ingest;
using Sluice.Steps.Training;
using Sluice.Steps.Validate;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice step NAME</c>: the built-in pipeline steps, run inside a stage (a Job or <c>sluice run</c>).</summary>
internal sealed class StepCommand : ICliCommand
{
    public string Name => "step";

    public string Summary => "run a built-in step: ingest, validate, train, evaluate (pipelines); drift (a DriftMonitor's window)";

    public string Usage => """
        Usage: sluice step ingest|validate|train|evaluate|drift [options]

        Inputs and outputs are artifact URIs (s3://bucket/key, file:///path or a path); an option left out is read
        from the stage contract, SLUICE_INPUT_<NAME> / SLUICE_OUTPUT_<NAME>. Every output gets a NAME.meta.json sidecar.

          ingest    --source URI|URL  --train-out URI --test-out URI [--validation-out URI]
                    [--target COL [--stratify]] [--train-fraction 0.7] [--validation-fraction 0.15] [--seed 42]
          validate  --data URI --profile-out URI [--schema-out URI] [--schema URI (check instead of infer)]
                    [--report-out URI] [--allow-anomalies] [--target COL (the label: recorded, never a drift feature)]
          train     --train URI --model-out URI --target COL [--features a,b,...] [--l2 0.001]
                    [--max-iterations 3000] [--learning-rate 0.5] [--seed 42]
          evaluate  --model URI --test URI --metrics-out URI --target COL [--threshold roc_auc=0.97 ...]
                    [--baseline-model URI]   (else $SLUICE_BASELINE_MODEL_URI: the serving model, on the same rows)
          drift     --logs ROOT_URI --namespace NS --model MODEL --version VERSION --start RFC3339 --end RFC3339
                    --baseline PROFILE_URI --report-out URI [--numeric METHOD[:THRESHOLD] (ks:0.05)]
                    [--categorical METHOD[:THRESHOLD] (chi2:0.05)] [--feature NAME[:METHOD[:THRESHOLD]]]...
                    [--ignore NAME]... [--share-threshold 0.5] [--min-samples 100] [--max-samples 100000] [--seed TEXT]
                    [--object-span DURATION (skip objects named longer than this before --start)]
                    one window [start, end) of serving logs against the baseline profile; results: the verdict
                    (Drifted, Clean, InsufficientData) and the most drifted features; exit 1 on bad input (docs/drift.md)
        """;

    public async Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        if (args.Count == 0)
        {
            throw new UsageException("which step? give ingest, validate, train, evaluate or drift");
        }

        var rest = args.Skip(1).ToList();
        var environment = StageEnvironment.FromProcess();
        Func<Task<int>> run = args[0] switch
        {
            "ingest" => Ingest(Read(rest, ["--stratify"], ["--source", "--train-out", "--validation-out", "--test-out", "--target",
                "--train-fraction", "--validation-fraction", "--seed"]), environment, context, cancellationToken),
            "validate" => Validate(Read(rest, ["--allow-anomalies"], ["--data", "--schema", "--schema-out", "--profile-out", "--report-out",
                "--target"]), environment, context, cancellationToken),
            "train" => Train(Read(rest, [], ["--train", "--model-out", "--target", "--features", "--l2", "--max-iterations", "--learning-rate",
                "--seed"]), environment, context, cancellationToken),
            "evaluate" => Evaluate(Read(rest, [], ["--model", "--test", "--metrics-out", "--target", "--threshold", "--baseline-model"]), environment, context,
                cancellationToken),
            "drift" => Drift(Read(rest, [], ["--logs", "--namespace", "--model", "--version", "--start", "--end", "--baseline", "--report-out",
                "--numeric", "--categorical", "--feature", "--ignore", "--share-threshold", "--min-samples", "--max-samples", "--seed", "--object-span"]), environment, context,
                cancellationToken),
            _ => throw new UsageException($"unknown step \"{args[0]}\"; steps are ingest, validate, train, evaluate, drift"),
        };
        try
        {
            var code = await run();
            if (code == ExitCodes.Success)
            {
                await environment.WriteResultsAsync(cancellationToken);
            }

            return code;
        }
        catch (StepException e)
        {
            await context.Error.WriteLineAsync($"sluice step {args[0]}: {e.Message}");
            return ExitCodes.Failure;
        }
    }

    private static ArgReader Read(List<string> args, string[] flags, string[] values)
    {
        var reader = new ArgReader(args, flags, values);
        reader.NoPositionals();
        return reader;
    }

    private static Func<Task<int>> Ingest(ArgReader r, StageEnvironment env, CommandContext c, CancellationToken ct)
    {
        var options = new IngestOptions(r.Optional("--source"), r.Optional("--train-out"), r.Optional("--validation-out"), r.Optional("--test-out"),
            r.Optional("--target"), r.Flag("--stratify"), r.Double("--train-fraction", 0.7, 0, 1), r.Double("--validation-fraction", 0.15, 0, 1), Seed(r));
        return () => IngestStep.RunAsync(options, env, c.Out, ct);
    }

    private static Func<Task<int>> Validate(ArgReader r, StageEnvironment env, CommandContext c, CancellationToken ct)
    {
        var options = new ValidateOptions(r.Optional("--data"), r.Optional("--schema"), r.Optional("--schema-out"), r.Optional("--profile-out"),
            r.Optional("--report-out"), r.Flag("--allow-anomalies"), r.Optional("--target"));
        return () => ValidateStep.RunAsync(options, env, c.Out, ct);
    }

    private static Func<Task<int>> Train(ArgReader r, StageEnvironment env, CommandContext c, CancellationToken ct)
    {
        var features = r.Optional("--features")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var options = new TrainOptions(r.Optional("--train"), r.Optional("--model-out"), r.Required("--target"), features,
            r.Double("--l2", 1e-3, 0, 1e6), r.Int("--max-iterations", 3000, 1, 1_000_000), r.Double("--learning-rate", 0.5, 1e-9, 100), Seed(r));
        return () => TrainStep.RunAsync(options, env, c.Out, ct);
    }

    private static Func<Task<int>> Evaluate(ArgReader r, StageEnvironment env, CommandContext c, CancellationToken ct)
    {
        var thresholds = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in r.All("--threshold"))
        {
            var eq = raw.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(raw[(eq + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new UsageException($"option --threshold: \"{raw}\" is not METRIC=NUMBER (e.g. roc_auc=0.97)");
            }

            thresholds[raw[..eq]] = value;
        }

        var options = new EvaluateOptions(r.Optional("--model"), r.Optional("--test"), r.Optional("--metrics-out"), r.Required("--target"), thresholds, r.Optional("--baseline-model"));
        return () => EvaluateStep.RunAsync(options, env, c.Out, ct);
    }

    // Values are checked by the step, which names the option of a bad one and fails with exit code 1 like bad input.
    private static Func<Task<int>> Drift(ArgReader r, StageEnvironment env, CommandContext c, CancellationToken ct)
    {
        var options = new DriftWindowOptions
        {
            Logs = r.Optional("--logs"),
            Namespace = r.Optional("--namespace"),
            Model = r.Optional("--model"),
            Version = r.Optional("--version"),
            Start = r.Optional("--start"),
            End = r.Optional("--end"),
            Baseline = r.Optional("--baseline"),
            ReportOut = r.Optional("--report-out"),
            Numeric = r.Optional("--numeric"),
            Categorical = r.Optional("--categorical"),
            Features = r.All("--feature"),
            Ignore = r.All("--ignore"),
            ShareThreshold = r.Optional("--share-threshold"),
            MinSamples = r.Optional("--min-samples"),
            MaxSamples = r.Optional("--max-samples"),
            ObjectSpan = r.Optional("--object-span"),
            Seed = r.Optional("--seed"),
        };
        return () => DriftWindowStep.RunAsync(options, env, c.Out, ct);
    }

    private static ulong Seed(ArgReader r)
    {
        var raw = r.Optional("--seed");
        if (raw is null)
        {
            return 42;
        }

        return ulong.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new UsageException($"option --seed: \"{raw}\" is not a whole number >= 0");
    }
}
