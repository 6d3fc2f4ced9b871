using Sluice.Core.Profiles;

namespace Sluice.Cli.Drift;

/// <summary>Streams a CSV file into a profile builder one record at a time: memory does not grow with the file.</summary>
internal static class CsvProfiler
{
    public static DataProfile Profile(string path, ProfileOptions options, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file");
        }

        var builder = new DataProfileBuilder(options);
        FeatureProfileBuilder[] features = [];
        CsvColumns.Stream(path, header => features = [.. header.Select(builder.Feature)], record =>
        {
            builder.CountRow();
            for (var i = 0; i < record.Count; i++)
            {
                var cell = record[i];
                var feature = features[i];
                if (CsvColumns.IsMissing(cell))
                {
                    feature.AddMissing();
                }
                else if (CsvColumns.TryNumber(cell, out var v))
                {
                    feature.AddNumber(v);
                }
                else
                {
                    feature.AddText(cell.ToString());
                }
            }
        }, cancellationToken);
        return builder.Build();
    }
}
