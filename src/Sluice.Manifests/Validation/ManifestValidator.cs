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

    public static IReadOnlyList<ManifestError> Validate(LoadedDocument document, IReadOnlyList<LoadedDocument> all)
    {
        if (document.Errors.Count > 0)
        {
            return document.Errors;
        }

        IReadOnlyList<ValidationError> errors = document.Resource switch
        {
            Pipeline p => PipelineValidator.Validate(p, Options),
            PipelineRun r => PipelineRunValidator.Validate(r, all.Select(d => d.Resource).OfType<Pipeline>().FirstOrDefault(p => p.Metadata.Name == r.Spec.PipelineRef?.Name), Options),
            ModelVersion m => ModelVersionValidator.Validate(m, Options),
            DriftMonitor d => DriftMonitorValidator.Validate(d, Options),
            _ => [],
        };
        return errors.Select(e => new ManifestError(e.Path, e.Message)).ToList();
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
