namespace Sluice.Core.Api.Schema;

/// <summary>The string must be one of these values (<c>enum</c> in the schema).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class AllowedValuesAttribute(params string[] values) : Attribute
{
    public IReadOnlyList<string> Values { get; } = values;
}
