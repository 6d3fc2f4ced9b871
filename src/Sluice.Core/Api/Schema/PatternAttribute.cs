namespace Sluice.Core.Api.Schema;

/// <summary>A regular expression (ECMA 262, as OpenAPI uses it) the string must match.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PatternAttribute(string pattern) : Attribute
{
    public string Pattern { get; } = pattern;
}
