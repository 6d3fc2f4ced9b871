using Sluice.Core.Profiles;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Steps.Data;

namespace Sluice.Steps.Validate;

/// <summary>Infers or checks the schema of a data set, writes it with the data profile, and fails on anomalies.</summary>
public static class ValidateStep
{
    public static async Task<int> RunAsync(ValidateOptions options, StageEnvironment environment, TextWriter log, CancellationToken cancellationToken)
    {
        var io = new ArtifactIo(environment);
        var dataUri = environment.Input(options.Data, "data", "--data");
        var schemaUri = environment.OptionalInput(options.Schema, "schema");
        var schemaOut = environment.OptionalOutput(options.SchemaOut, "schema");
        var profileOut = environment.Output(options.ProfileOut, "profile", "--profile-out");
        var reportOut = environment.OptionalOutput(options.ReportOut, "report");

        CsvTable table;
        await using (var input = await io.OpenReadAsync(dataUri, "data", cancellationToken))
        {
            table = await CsvTable.ReadAsync(input, dataUri, cancellationToken);
        }

        DataSchema schema;
        IReadOnlyList<string> anomalies;
        if (schemaUri is null)
        {
            schema = SchemaInference.Infer(table);
            anomalies = table.Rows.Count == 0 ? ["the data has no rows"] : [];
        }
        else
        {
            await using var schemaStream = await io.OpenReadAsync(schemaUri, "schema", cancellationToken);
            try
            {
                schema = await JsonSerializer.DeserializeAsync<DataSchema>(schemaStream, cancellationToken: cancellationToken)
                    ?? throw new StepException($"schema {schemaUri} is empty");
            }
            catch (JsonException e)
            {
                throw new StepException($"schema {schemaUri} is not a valid {DataSchema.Version} document: {e.Message}", e);
            }

            anomalies = SchemaInference.Check(table, schema, dataUri);
        }

        var target = options.Target ?? schema.Target;
        if (target is not null && !table.Columns.Contains(target))
        {
            throw new StepException($"target \"{target}\": {dataUri} has no such column; its columns are: {string.Join(", ", table.Columns)}");
        }

        schema = schema with { Target = target };

        var report = new JsonObject
        {
            ["data"] = dataUri,
            ["rows"] = table.Rows.Count,
            ["schemaSource"] = schemaUri ?? "inferred",
            ["anomalies"] = new JsonArray([.. anomalies.Select(a => (JsonNode)JsonValue.Create(a))]),
            ["allowed"] = options.AllowAnomalies,
        };
        var columns = new JsonArray([.. schema.Columns.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["kind"] = c.Kind })]);
        if (schemaOut is not null)
        {
            await io.WriteAsync(schemaOut, "schema", (s, ct) => JsonSerializer.SerializeAsync(s, schema, new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull }, ct),
                new JsonObject { ["columns"] = schema.Columns.Count }, cancellationToken);
        }

        if (reportOut is not null)
        {
            await io.WriteAsync(reportOut, "validation report", (s, ct) => ArtifactIo.WriteJsonAsync(s, report, ct), new JsonObject { ["anomalies"] = anomalies.Count }, cancellationToken);
        }

        var profile = DataProfileJson.Serialize(TableProfiler.Build(table, schema) with { Target = target });
        await io.WriteAsync(profileOut, "profile", (s, ct) => s.WriteAsync(System.Text.Encoding.UTF8.GetBytes(profile), ct).AsTask(),
            new JsonObject { ["rows"] = table.Rows.Count, ["schema"] = new JsonObject { ["columns"] = columns } }, cancellationToken);

        await log.WriteLineAsync($"validate: {table.Rows.Count} rows, {schema.Columns.Count} columns ({(schemaUri is null ? "schema inferred" : "checked against " + schemaUri)}), {anomalies.Count} anomalies");
        if (anomalies.Count == 0)
        {
            return 0;
        }

        await log.WriteLineAsync($"anomalies in {dataUri}:");
        foreach (var anomaly in anomalies)
        {
            await log.WriteLineAsync($"  - {anomaly}");
        }

        if (options.AllowAnomalies)
        {
            await log.WriteLineAsync("anomalies are allowed (--allow-anomalies); continuing");
            return 0;
        }

        throw new StepException($"data {dataUri} has {anomalies.Count} anomalies against the schema (first: {anomalies[0]}); fix the data or the schema, or allow them with --allow-anomalies");
    }
}
