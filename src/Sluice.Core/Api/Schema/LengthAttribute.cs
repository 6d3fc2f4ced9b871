namespace Sluice.Core.Api.Schema;

/// <summary>Bounds on a string's length or a list's item count (<c>minLength</c>/<c>maxLength</c> or <c>minItems</c>/<c>maxItems</c>); -1 leaves a side open.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class LengthAttribute(int minimum, int maximum = -1) : Attribute
{
    public int Minimum { get; } = minimum;

    public int Maximum { get; } = maximum;
}
