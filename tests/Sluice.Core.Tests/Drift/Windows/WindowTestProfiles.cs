using Sluice.Core.Drift.Windows;
using Sluice.Core.Profiles;

namespace Sluice.Core.Tests.Drift.Windows;

/// <summary>Small profiles for the window tests: numeric features a, b and a categorical c, plus a target.</summary>
internal static class WindowTestProfiles
{
    public static DataProfile Small()
    {
        var builder = new DataProfileBuilder();
        for (var i = 0; i < 1000; i++)
        {
            builder.AddRow(new Dictionary<string, object?>
            {
                ["a"] = (double)(i % 100),
                ["b"] = (double)((i * 7) % 50),
                ["c"] = i % 3 == 0 ? "red" : "blue",
                ["label"] = (double)(i % 2),
            });
        }

        return builder.Build() with { Target = "label" };
    }

    public static WindowFeatures Features(WindowFeatureOptions? options = null) => WindowFeatures.Plan(Small(), options ?? WindowFeatureOptions.Default);

    public static DateTimeOffset Start { get; } = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset End { get; } = new(2026, 11, 23, 11, 0, 0, TimeSpan.Zero);
}
