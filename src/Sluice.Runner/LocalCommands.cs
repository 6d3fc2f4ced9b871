using System.Text.Json;
using Sluice.Core.Api;
using Sluice.Core.Validation;

namespace Sluice.Runner;

/// <summary>
/// Local stand-ins for stages on images other than Sluice's, so they run under <c>sluice run</c> without Docker:
/// the Pipeline annotation <c>sluice.dev/local-command.STAGE</c> holds a JSON array, the command that replaces the
/// stage's <c>command</c> on this machine (its <c>args</c> still follow). The operator ignores annotations, so the
/// same file still runs the image on a cluster.
/// </summary>
public static class LocalCommands
{
    public const string AnnotationPrefix = "sluice.dev/local-command.";

    /// <summary>Stage name → local command.</summary>
    /// <exception cref="PipelineException">An annotation names no stage or is not a JSON array of strings.</exception>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> Of(Pipeline pipeline)
    {
        var stages = pipeline.Spec.Stages.Select(s => s.Name).ToList();
        var commands = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (var (key, value) in pipeline.Metadata.Annotations ?? [])
        {
            if (!key.StartsWith(AnnotationPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var stage = key[AnnotationPrefix.Length..];
            var path = $"metadata.annotations[{key}]";
            if (!stages.Contains(stage))
            {
                throw new PipelineException($"{path}: stage \"{stage}\" does not exist{Names.DidYouMean(stage, stages)}");
            }

            List<string>? command;
            try
            {
                command = JsonSerializer.Deserialize<List<string>>(value);
            }
            catch (JsonException)
            {
                command = null;
            }

            if (command is null || command.Count == 0 || command.Any(string.IsNullOrEmpty))
            {
                throw new PipelineException($"{path}: \"{value}\" is not a command; write a JSON array of strings such as '[\"python3\", \"prep.py\"]'");
            }

            commands[stage] = command;
        }

        return commands;
    }
}
