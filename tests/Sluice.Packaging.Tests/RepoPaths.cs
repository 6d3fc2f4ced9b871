namespace Sluice.Packaging.Tests;

/// <summary>Finds the repository root (the directory holding Operator.sln) from the test's output folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Operator.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Operator.sln not found above {AppContext.BaseDirectory}");
    });

    public static string Root => RootLazy.Value;

    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);
}
