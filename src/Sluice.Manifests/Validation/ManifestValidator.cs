using Sluice.Core.Api;
using Sluice.Core.Validation;
using Sluice.Manifests.Loading;

namespace Sluice.Manifests.Validation;

/// <summary>
/// Runs the Core semantic checks over loaded documents. PipelineRuns are checked against a Pipeline of the same
/// name among the documents when there is one; time zones are looked up in the machine's tzdata.
/// </summary>
public static class ManifestValidator
{
    public static ValidationOptions Options { get; } = new() { TimeZoneExists = TimeZoneExists };

    /// <summary>
    /// Every problem of the document: what loading found (unknown fields, wrong types, with line and column) and
    /// the semantic checks, which also run on what did load. A semantic error at or under a field that loading
    /// already rejected is left out: it would only repeat that the field is missing.
    /// </summary>
    public static IReadOnlyList<ManifestError> Validate(LoadedDocument document, IReadOnlyList<LoadedDocument> all)
    {
        if (document.Errors.Count == 0)
        {
            return Semantic(document.Resource, all);
        }

        if (document.Partial is null)
        {
            return document.Errors;
        }

        var rejected = document.Errors.Select(e => e.Path).Where(p => p.Length > 0).ToList();
        return [.. document.Errors, .. Semantic(document.Partial, all).Where(e => !rejected.Any(r => IsAtOrUnder(e.Path, r)))];
    }

    private static bool IsAtOrUnder(string path, string parent) =>
        path == parent || (path.StartsWith(parent, StringComparison.Ordinal) && path[parent.Length] is '.' or '[');

    private static List<ManifestError> Semantic(object? resource, IReadOnlyList<LoadedDocument> all)
    {
        IReadOnlyList<ValidationError> errors = resource switch
        {
            Pipeline p => PipelineValidator.Validate(p, Options),
            PipelineRun r => PipelineRunValidator.Validate(r, all.Select(d => d.Resource).OfType<Pipeline>().FirstOrDefault(p => p.Metadata.Name == r.Spec.PipelineRef?.Name), Options),
            ModelVersion m => ModelVersionValidator.Validate(m, Options),
            DriftMonitor d => DriftMonitorValidator.Validate(d, Options),
            _ => [],
        };
        return [.. errors.Select(e => new ManifestError(e.Path, e.Message))];
    }

    private static bool TimeZoneExists(string id)
    {
        try
        {
            TimeZoneInfo.FindSystemTimeZoneById(id);
            return true;
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
