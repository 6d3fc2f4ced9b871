using System.Text.Encodings.Web;
using System.Text.Json;
using Sluice.Cli.Drift;
using Sluice.Core.Drift;

namespace Sluice.Cli.Commands;

/// <summary>`sluice drift`: compares a reference and a current data set feature by feature.</summary>
internal sealed class DriftCommand : ICliCommand
{
    public string Name => "drift";

    public string Summary => "Compare two data sets (CSV, profile JSON, serving logs) for drift";

    public string Usage => """
        Usage: sluice drift --reference REF --current CUR [--feature NAME[:METHOD[:THRESHOLD]]]... [--json]
                            [--target COLUMN] [--correction none|bonferroni|bh] [--share-threshold 0.5]

          REF, CUR   a CSV file with a header, a sluice.dev/profile/v1 JSON file, or serving-log .jsonl
                     files or a directory of them
          METHOD     ks | wasserstein | psi | js | chi2 | linf (default: ks / chi2 when both samples have at
                     most 1,000 values, else wasserstein (numeric) / js (categorical); against a profile,
                     numeric features use ks on the decile edges when either side has at most 1,000 values)
          COLUMN     the label column, left out of the comparison (default: the target a profile names)
          --share-threshold  the data set drifts when at least this share of its features drift (default
                     0.5); 0 makes any drifted feature count, so exit code 3 means "a feature drifted"
        Exit codes: 0 no drift, 3 drift, 1 bad input, 2 bad command line. See docs/drift.md.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: ["--json"],
            values: ["--reference", "--current", "--feature", "--correction", "--share-threshold", "--target"]);
        reader.NoPositionals();
        var referencePath = Path.GetFullPath(reader.Required("--reference"), context.WorkingDirectory);
        var currentPath = Path.GetFullPath(reader.Required("--current"), context.WorkingDirectory);
        var json = reader.Flag("--json");
        var correction = reader.Optional("--correction") switch
        {
            null or "none" => MultipleTestingCorrection.None,
            "bonferroni" => MultipleTestingCorrection.Bonferroni,
            "bh" => MultipleTestingCorrection.BenjaminiHochberg,
            var other => throw new UsageException($"option --correction: \"{other}\" is not one of none, bonferroni, bh"),
        };
        var shareThreshold = reader.Double("--share-threshold", DriftEvaluator.DefaultShareThreshold, 0, 1);
        var rules = reader.All("--feature").Select(ParseRule).ToList();

        var targetOption = reader.Optional("--target");
        DriftInput reference, current;
        try
        {
            reference = DriftInputReader.Read(referencePath);
            current = DriftInputReader.Read(currentPath);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"sluice drift: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }

        // The label column is not a feature: named by --target, else by a profile's "target".
        var target = targetOption ?? reference.Target ?? current.Target;
        if (targetOption is not null && !reference.Features.Concat(current.Features).Any(f => f.Name == targetOption))
        {
            context.Error.WriteLine($"sluice drift: --target {targetOption}: neither {referencePath} nor {currentPath} has that column");
            return Task.FromResult(ExitCodes.Failure);
        }

        var referenceFeatures = WithoutTarget(reference.Features, target, rules);
        var currentFeatures = WithoutTarget(current.Features, target, rules);
        var onlyInReference = referenceFeatures.Where(r => currentFeatures.All(c => c.Name != r.Name)).Select(r => r.Name).ToList();
        if (rules.Count == 0 && onlyInReference.Count > 0)
        {
            var names = onlyInReference.Count <= 5 ? string.Join(", ", onlyInReference) : $"{onlyInReference.Count} columns ({string.Join(", ", onlyInReference.Take(5))}, …)";
            context.Error.WriteLine($"sluice drift: {names} {(onlyInReference.Count == 1 ? "is" : "are")} in the reference " +
                $"{referencePath} but not in the current data {currentPath}; {(target is null ? "if one is the label column, leave it out with --target NAME, or " : "")}compare chosen features with --feature NAME");
            return Task.FromResult(ExitCodes.Failure);
        }

        DriftReport report;
        try
        {
            report = DriftEvaluator.Evaluate(referenceFeatures, currentFeatures, rules, correction, shareThreshold) with { Target = target };
        }
        catch (ArgumentException e)
        {
            context.Error.WriteLine($"sluice drift: {e.Message} (reference {referencePath}, current {currentPath})");
            return Task.FromResult(ExitCodes.Failure);
        }

        if (json)
        {
            context.Out.WriteLine(JsonSerializer.Serialize(report, JsonOutput));
        }
        else
        {
            DriftTable.Write(report, context.Out);
        }

        return Task.FromResult(report.DatasetDrift ? ExitCodes.DriftDetected : ExitCodes.Success);
    }

    // Printed, not embedded in HTML: '+', '<' or 'é' in a feature name stay as they are.
    private static readonly JsonSerializerOptions JsonOutput = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The features without the label column, unless a --feature rule asks for it by name.</summary>
    private static List<FeatureSample> WithoutTarget(IReadOnlyList<FeatureSample> features, string? target, List<FeatureRule> rules) =>
        [.. features.Where(f => f.Name != target || rules.Any(r => r.Name == target))];

    private static FeatureRule ParseRule(string text)
    {
        try
        {
            return DriftRuleText.ParseRule(text);
        }
        catch (FormatException e)
        {
            throw new UsageException($"option --feature {e.Message}");
        }
    }
}
