namespace Sluice.Core.Api.Schema;

/// <summary>The value the API server fills in when the property is absent (<c>default</c> in the schema).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultAttribute(object value) : Attribute
{
    public object Value { get; } = value;
}
