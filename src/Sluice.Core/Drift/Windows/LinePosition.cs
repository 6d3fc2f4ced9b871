namespace Sluice.Core.Drift.Windows;

/// <summary>A line of a log object, 1-based, for messages.</summary>
public sealed record LinePosition(string Key, long Line);
