using Sluice.Core.Api;
using Sluice.Core.Durations;

namespace Sluice.Core.Validation;

/// <summary>Collects errors while a validator walks a resource, with the checks every kind shares.</summary>
internal sealed class ValidationContext(ValidationOptions options)
{
    public List<ValidationError> Errors { get; } = [];

    public ValidationOptions Options { get; } = options;

    public void Add(string path, string message) => Errors.Add(new ValidationError(path, message));

    public void Required(string path, string? value, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(path, $"{what} is required");
        }
    }

    public void Duration(string path, string? value)
    {
        if (value is not null && !GoDuration.TryParse(value, out _))
        {
            Add(path, $"\"{value}\" is not {GoDuration.Expected}");
        }
    }

    public void Range(string path, double? value, double min, double max)
    {
        if (value is { } v && (!double.IsFinite(v) || v < min || v > max))
        {
            Add(path, $"{v} is out of range; use a number from {min} to {max}");
        }
    }

    public void Metadata(ResourceMetadata metadata, bool allowGenerateName)
    {
        if (string.IsNullOrEmpty(metadata.Name))
        {
            if (!allowGenerateName || string.IsNullOrEmpty(metadata.GenerateName))
            {
                Add("metadata.name", allowGenerateName ? "name is required; set metadata.name or metadata.generateName" : "name is required; set metadata.name");
            }

            return;
        }

        if (Names.Dns1123LabelProblem(metadata.Name) is { } problem)
        {
            Add("metadata.name", problem);
        }
    }

    public void Params(string path, IReadOnlyList<ParamValue>? values)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            var p = values![i];
            Required($"{path}[{i}].name", p.Name, "parameter name");
            if (!string.IsNullOrEmpty(p.Name) && !seen.Add(p.Name))
            {
                Add($"{path}[{i}].name", $"parameter \"{p.Name}\" is set more than once; set it once");
            }
        }
    }

    public void Reference(string path, LocalObjectReference? reference, string kind)
    {
        if (reference is null || string.IsNullOrEmpty(reference.Name))
        {
            Add($"{path}.name", $"name of the {kind} is required");
        }
        else if (Names.Dns1123LabelProblem(reference.Name) is { } problem)
        {
            Add($"{path}.name", problem);
        }
    }
}
