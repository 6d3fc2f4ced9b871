using Sluice.Manifests.Loading;
using Sluice.Manifests.Validation;

namespace Sluice.Cli.Commands;

/// <summary>`sluice validate FILE|DIR...`: loads every document and prints every problem, or one summary line per resource.</summary>
internal sealed class ValidateCommand : ICliCommand
{
    public string Name => "validate";

    public string Summary => "Check sluice.dev manifests (schema and semantics) without a cluster";

    public string Usage => """
        Usage: sluice validate FILE|DIR...

        Checks every YAML document of the files (directories: every *.yaml and *.yml in them, recursively)
        against the sluice.dev/v1alpha1 API: unknown fields, types, DAG cycles, dependsOn, inputs, names,
        $(params.x) references, cron, durations, canary steps and drift settings.
        Prints each problem as FILE: KIND/NAME: PATH: MESSAGE and exits 1 when there is any;
        prints one line per valid resource otherwise.
        """;

    public Task<int> RunAsync(IReadOnlyList<string> args, CommandContext context, CancellationToken cancellationToken)
    {
        var reader = new ArgReader(args, flags: [], values: []);
        if (reader.Positionals.Count == 0)
        {
            throw new UsageException("give at least one FILE or DIR to validate");
        }

        var files = new List<string>();
        foreach (var arg in reader.Positionals)
        {
            var full = Path.GetFullPath(arg, context.WorkingDirectory);
            if (Directory.Exists(full))
            {
                files.AddRange(Directory.EnumerateFiles(full, "*.*", SearchOption.AllDirectories)
                    .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".yml", StringComparison.Ordinal))
                    // kustomization files configure kustomize and hold no resources, as with `kubectl apply -f DIR`.
                    .Where(f => Path.GetFileNameWithoutExtension(f) != "kustomization")
                    .Order(StringComparer.Ordinal)
                    .Select(f => Path.Combine(arg, Path.GetRelativePath(full, f))));
            }
            else if (File.Exists(full))
            {
                files.Add(arg);
            }
            else
            {
                context.Error.WriteLine($"{arg}: no such file or directory");
                return Task.FromResult(ExitCodes.Failure);
            }
        }

        var loaded = files.Select(f => (File: f, Docs: ManifestLoader.Load(File.ReadAllText(Path.GetFullPath(f, context.WorkingDirectory))))).ToList();
        var all = loaded.SelectMany(l => l.Docs).ToList();
        var failed = 0;
        var valid = 0;
        foreach (var (file, docs) in loaded)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (docs.Count == 0)
            {
                context.Error.WriteLine($"{file}: no YAML documents");
                failed++;
            }

            foreach (var doc in docs)
            {
                var who = $"{doc.Kind ?? "(unknown kind)"}/{doc.Name ?? "(no name)"}";
                var errors = ManifestValidator.Validate(doc, all);
                foreach (var error in errors)
                {
                    var where = error.Line > 0 ? $"{file}:{error.Line}:{error.Column}" : file;
                    var path = error.Path.Length == 0 ? "" : $"{error.Path}: ";
                    context.Out.WriteLine($"{where}: {who}: {path}{error.Message}");
                }

                if (errors.Count > 0)
                {
                    failed++;
                }
                else
                {
                    valid++;
                    context.Out.WriteLine($"{file}: {who}: valid");
                }
            }
        }

        context.Out.WriteLine($"{valid} valid, {failed} invalid");
        return Task.FromResult(failed > 0 ? ExitCodes.Failure : ExitCodes.Success);
    }
}
