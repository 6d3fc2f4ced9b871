namespace Sluice.Core.Drift.Windows;

/// <summary>What one serving-log line is to a drift window.</summary>
public enum LineKind
{
    /// <summary>Empty or white space: not a line at all.</summary>
    Blank,

    /// <summary>Not a JSON object with a string <c>ts</c> (a valid time) and a <c>features</c> object.</summary>
    Invalid,

    /// <summary>Well formed, with a <c>ts</c> outside [start, end).</summary>
    OutsideWindow,

    /// <summary>Well formed, of another model or version than the window's.</summary>
    OtherVersion,

    /// <summary>A row of the window.</summary>
    Row,
}
