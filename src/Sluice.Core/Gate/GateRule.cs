namespace Sluice.Core.Gate;

/// <summary>
/// One rule of the model gate: absolute bounds (inclusive, TFMA's GenericValueThreshold) and change thresholds
/// against the serving model on the same data (TFMA's GenericChangeThreshold on diff = candidate - baseline and
/// ratio = diff / baseline). For a higher-is-better metric "must beat serving" is a positive
/// <see cref="MinImprovement"/> and "not worse" is 0; for a lower-is-better one <see cref="MaxRegression"/> is how
/// much worse it may be (0: not worse).
/// </summary>
public sealed record GateRule(
    string Metric,
    MetricDirection Direction,
    decimal? Min = null,
    decimal? Max = null,
    decimal? MinImprovement = null,
    decimal? MinRelativeImprovement = null,
    decimal? MaxRegression = null,
    decimal? MaxRelativeRegression = null)
{
    /// <summary>Whether the rule compares with a baseline at all (skipped for a first model).</summary>
    public bool HasChangeThreshold => MinImprovement is not null || MinRelativeImprovement is not null || MaxRegression is not null || MaxRelativeRegression is not null;

    /// <summary>The thresholds that are set, by field name, in the order the API lists them.</summary>
    public IReadOnlyList<(string Name, decimal Value)> Thresholds() =>
    [
        .. new (string Name, decimal? Value)[]
        {
            ("min", Min), ("max", Max), ("minImprovement", MinImprovement), ("minRelativeImprovement", MinRelativeImprovement),
            ("maxRegression", MaxRegression), ("maxRelativeRegression", MaxRelativeRegression),
        }.Where(t => t.Value is not null).Select(t => (t.Name, t.Value!.Value)),
    ];

    /// <summary>Whether the rule needs diff / baseline.</summary>
    public bool HasRelativeThreshold => MinRelativeImprovement is not null || MaxRelativeRegression is not null;

    /// <summary>What is wrong with the rule as (path, message), each naming its field under <paramref name="path"/>; empty when it is sound.</summary>
    public IReadOnlyList<(string Path, string Message)> Problems(string path)
    {
        var problems = new List<(string, string)>();
        if (Min is { } min && Max is { } max && min > max)
        {
            problems.Add(($"{path}.max", $"min {min} is above max {max}, so no model can pass"));
        }

        if (Direction == MetricDirection.HigherIsBetter && (MaxRegression is not null || MaxRelativeRegression is not null))
        {
            problems.Add(($"{path}.{(MaxRegression is not null ? "maxRegression" : "maxRelativeRegression")}",
                "maxRegression and maxRelativeRegression are for LowerIsBetter metrics; a HigherIsBetter rule uses minImprovement (negative: may be that much worse)"));
        }

        if (Direction == MetricDirection.LowerIsBetter && (MinImprovement is not null || MinRelativeImprovement is not null))
        {
            problems.Add(($"{path}.{(MinImprovement is not null ? "minImprovement" : "minRelativeImprovement")}",
                "minImprovement and minRelativeImprovement are for HigherIsBetter metrics; a LowerIsBetter rule uses maxRegression (negative: must be that much better)"));
        }

        return problems;
    }
}
