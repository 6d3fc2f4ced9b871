using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Steps.Data;

namespace Sluice.Steps.Ingest;

/// <summary>Reads a CSV (path, file://, s3:// or http(s)://) and writes a deterministic train/validation/test split.</summary>
public static class IngestStep
{
    public static async Task<int> RunAsync(IngestOptions options, StageEnvironment environment, TextWriter log, CancellationToken cancellationToken)
    {
        if (options.TrainFraction <= 0 || options.ValidationFraction < 0 || options.TrainFraction + options.ValidationFraction >= 1)
        {
            throw new StepException($"split fractions train={options.TrainFraction} validation={options.ValidationFraction} leave no test rows; the train and validation fractions must add up to less than 1");
        }

        if (options.Stratify && options.Target is null)
        {
            throw new StepException("--stratify needs --target: the column whose classes each split keeps in proportion");
        }

        var io = new ArtifactIo(environment);
        var source = environment.Input(options.Source, "source", "--source");
        var trainOut = environment.Output(options.TrainOut, "train", "--train-out");
        var testOut = environment.Output(options.TestOut, "test", "--test-out");
        var validationOut = environment.OptionalOutput(options.ValidationOut, "validation");

        CsvTable table;
        await using (var input = await io.OpenReadAsync(source, "source data", cancellationToken))
        {
            table = await CsvTable.ReadAsync(input, source, cancellationToken);
        }

        if (table.Rows.Count == 0)
        {
            throw new StepException($"source data {source} has a header but no rows");
        }

        IReadOnlyList<string>? strata = null;
        if (options.Target is not null)
        {
            var targetIndex = table.IndexOf(options.Target, source);
            if (options.Stratify)
            {
                strata = table.Rows.Select(r => r[targetIndex]).ToList();
            }
        }

        var (train, validation, test) = DatasetSplitter.Split(strata, table.Rows.Count, new SplitFractions(options.TrainFraction, options.ValidationFraction), options.Seed);
        await log.WriteLineAsync($"ingest: {table.Rows.Count} rows, {table.Columns.Count} columns from {source}; split {train.Length}/{validation.Length}/{test.Length} (seed {options.Seed.ToString(CultureInfo.InvariantCulture)}{(options.Stratify ? ", stratified" : "")})");
        await WriteSplitAsync(io, table, train, trainOut, "train split", options, cancellationToken);
        if (validationOut is not null)
        {
            await WriteSplitAsync(io, table, validation, validationOut, "validation split", options, cancellationToken);
        }

        await WriteSplitAsync(io, table, test, testOut, "test split", options, cancellationToken);
        return 0;
    }

    private static async Task WriteSplitAsync(ArtifactIo io, CsvTable table, int[] rows, string uri, string what, IngestOptions options, CancellationToken cancellationToken)
    {
        var split = new CsvTable(table.Columns, rows.Select(i => table.Rows[i]).ToList());
        var details = new JsonObject
        {
            ["rows"] = rows.Length,
            ["schema"] = new JsonObject { ["columns"] = new JsonArray([.. table.Columns.Select(c => (JsonNode)JsonValue.Create(c))]) },
            ["seed"] = options.Seed,
            ["stratified"] = options.Stratify,
        };
        var info = await io.WriteAsync(uri, what, split.WriteAsync, details, cancellationToken);
        _ = info;
    }
}
