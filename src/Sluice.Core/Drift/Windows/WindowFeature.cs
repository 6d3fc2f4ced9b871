using Sluice.Core.Profiles;

namespace Sluice.Core.Drift.Windows;

/// <summary>
/// One compared feature of a drift window: its baseline, its explicit rule, and its slot among the numeric or the
/// categorical values of a sampled row.
/// </summary>
public sealed record WindowFeature(string Name, FeatureKind Kind, int Slot, FeatureRule Rule, FeatureProfile Profile);
