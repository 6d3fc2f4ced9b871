using Sluice.Steps.Data;

namespace Sluice.Steps.Tests;

internal static class TestData
{
    public static string Dataset(string name) => Path.Combine(AppContext.BaseDirectory, "testdata", "datasets", name + ".csv");

    public static async Task<CsvTable> ReadAsync(string name)
    {
        await using var stream = File.OpenRead(Dataset(name));
        return await CsvTable.ReadAsync(stream, name, CancellationToken.None);
    }
}
