using Sluice.Cli.Drift;
using Sluice.Core.Profiles;

namespace Sluice.Cli.Commands;

/// <summary>`sluice profile DATA.csv`: prints the sluice.dev/profile/v1 JSON of a CSV file.</summary>
internal sealed class ProfileCommand : ICliCommand
{
    public string Name => "profile";

    public string Summary => "Print the data profile (sluice.dev/profile/v1 JSON) of a CSV file";

    public string Usage => """
        Usage: sluice profile DATA.csv [--target COLUMN] [--top-categories 50]

          Prints the profile JSON (docs/data-profile.md) to standard output. --target names the label column:
          it is profiled like the others and recorded as the target, so `sluice drift` leaves it out.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: [], values: ["--top-categories", "--target"]);
        var top = reader.Int("--top-categories", ProfileOptions.Default.TopCategories, 1, 100_000);
        var target = reader.Optional("--target");
        if (reader.Positionals.Count != 1)
        {
            throw new UsageException("give exactly one CSV file");
        }

        var path = Path.GetFullPath(reader.Positionals[0], context.WorkingDirectory);
        try
        {
            var profile = CsvProfiler.Profile(path, ProfileOptions.Default with { TopCategories = top }, cancellationToken);
            if (target is not null && profile.Features.All(f => f.Name != target))
            {
                throw new UsageException($"option --target: {reader.Positionals[0]} has no column \"{target}\"; its columns are: {string.Join(", ", profile.Features.Select(f => f.Name))}");
            }

            context.Out.WriteLine(DataProfileJson.Serialize(profile with { Target = target }));
            return Task.FromResult(ExitCodes.Success);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            context.Error.WriteLine($"sluice profile: {e.Message}");
            return Task.FromResult(ExitCodes.Failure);
        }
    }
}
