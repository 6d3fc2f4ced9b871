using System.Globalization;

namespace Sluice.Core.Monitoring;

/// <summary>One evaluation window of serving logs, [Start, End).</summary>
public readonly record struct WindowSpan(DateTimeOffset Start, DateTimeOffset End)
{
    public override string ToString() => $"{Text(Start)}–{Text(End)}";

    public static string Text(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
