using Sluice.Core.Api;
using Sluice.Manifests.Loading;
using Sluice.Manifests.Validation;

namespace Sluice.Runner;

/// <summary>
/// Reads the Pipeline a local run executes with the same strict loader and checks as <c>sluice validate</c> and the
/// operator, so a file runs here exactly when it would be accepted on a cluster. Documents of other kinds in the
/// same file (a ConfigMap, a PipelineRun) are not the run's business and are left alone.
/// </summary>
public static class PipelineFile
{
    /// <summary>The Pipeline of <paramref name="yaml"/>; <paramref name="source"/> is the file as the user wrote it.</summary>
    /// <exception cref="PipelineException">The text holds no valid Pipeline; the message has one line per problem,
    /// formatted as <c>sluice validate</c> prints them (<c>FILE:LINE:COLUMN: Pipeline/NAME: PATH: MESSAGE</c>).</exception>
    public static Pipeline Parse(string yaml, string source, string? pipelineName = null)
    {
        var documents = ManifestLoader.Load(yaml);
        if (documents.Count == 1 && documents[0].Kind is null && documents[0].Errors.Count > 0 && documents[0].Errors[0].Message.StartsWith("YAML syntax error", StringComparison.Ordinal))
        {
            throw new PipelineException(Format(source, documents[0], documents[0].Errors));
        }

        var pipelines = documents.Where(d => d.Kind == "Pipeline").ToList();
        if (pipelineName is not null)
        {
            pipelines = pipelines.Where(d => d.Name == pipelineName).ToList();
        }

        if (pipelines.Count == 0)
        {
            var found = documents.Select(d => $"{d.Kind ?? "(no kind)"}/{d.Name ?? "(no name)"}").ToList();
            throw new PipelineException(pipelineName is null
                ? $"{source} has no document of kind Pipeline (found: {(found.Count == 0 ? "none" : string.Join(", ", found))})"
                : $"{source} has no Pipeline named \"{pipelineName}\" (its Pipelines: {string.Join(", ", documents.Where(d => d.Kind == "Pipeline").Select(d => d.Name))})");
        }

        if (pipelines.Count > 1)
        {
            throw new PipelineException($"{source} holds {pipelines.Count} Pipelines ({string.Join(", ", pipelines.Select(d => d.Name))}); choose one with --pipeline NAME");
        }

        var document = pipelines[0];
        var errors = ManifestValidator.Validate(document, documents);
        if (errors.Count > 0 || document.Resource is not Pipeline pipeline)
        {
            throw new PipelineException($"{source}: Pipeline/{document.Name ?? "(no name)"} is not valid; fix it and run again:{Environment.NewLine}{Format(source, document, errors)}");
        }

        return pipeline;
    }

    /// <summary>The problems of a document, one per line, exactly as <c>sluice validate</c> prints them.</summary>
    internal static string Format(string source, LoadedDocument document, IEnumerable<ManifestError> errors)
    {
        var who = $"{document.Kind ?? "(unknown kind)"}/{document.Name ?? "(no name)"}";
        return string.Join(Environment.NewLine, errors.Select(error =>
        {
            var where = error.Line > 0 ? $"{source}:{error.Line}:{error.Column}" : source;
            var path = error.Path.Length == 0 ? "" : $"{error.Path}: ";
            return $"{where}: {who}: {path}{error.Message}";
        }));
    }
}
