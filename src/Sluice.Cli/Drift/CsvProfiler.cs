using Sluice.Core.Profiles;

namespace Sluice.Cli.Drift;

/// <summary>Streams a CSV file into a profile builder, one row at a time.</summary>
internal static class CsvProfiler
{
    public static DataProfile Profile(string path, ProfileOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file");
        }

        var (header, rows) = CsvColumns.Read(path);
        var builder = new DataProfileBuilder(options);
        var features = header.Select(builder.Feature).ToArray();
        foreach (var row in rows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            builder.CountRow();
            for (var i = 0; i < features.Length; i++)
            {
                var cell = row[i];
                if (cell is null)
                {
                    features[i].AddMissing();
                }
                else if (CsvColumns.TryNumber(cell, out var v))
                {
                    features[i].AddNumber(v);
                }
                else
                {
                    features[i].AddText(cell);
                }
            }
        }

        return builder.Build();
    }
}
