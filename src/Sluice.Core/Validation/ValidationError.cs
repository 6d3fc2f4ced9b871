namespace Sluice.Core.Validation;

/// <summary>One problem of a resource: the field path (spec.stages[2].dependsOn[0]) and what is wrong and what to do.</summary>
public sealed record ValidationError(string Path, string Message)
{
    public override string ToString() => Path.Length == 0 ? Message : $"{Path}: {Message}";
}
