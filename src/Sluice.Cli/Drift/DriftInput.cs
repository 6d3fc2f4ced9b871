using Sluice.Core.Drift;

namespace Sluice.Cli.Drift;

/// <summary>One side of a drift comparison: its columns, and the label column when the input names one (a profile's <c>target</c>).</summary>
internal sealed record DriftInput(IReadOnlyList<FeatureSample> Features, string? Target = null);
