namespace Sluice.Core.Api.Schema;

/// <summary>
/// Bounds every string of a list (its <c>items</c> schema's <c>minLength</c>, <c>maxLength</c> and
/// <c>pattern</c>); -1 or null leaves a bound open.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsAttribute : Attribute
{
    public int MinLength { get; init; } = -1;

    public int MaxLength { get; init; } = -1;

    public string? Pattern { get; init; }
}
