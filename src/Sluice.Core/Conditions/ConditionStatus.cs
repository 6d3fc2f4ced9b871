namespace Sluice.Core.Conditions;

/// <summary>The three values a condition status may take.</summary>
public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    /// <summary>Whether <paramref name="status"/> is one of the three allowed values.</summary>
    public static bool IsValid(string status) => status is True or False or Unknown;
}
