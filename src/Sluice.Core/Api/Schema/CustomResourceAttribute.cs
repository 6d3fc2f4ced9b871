namespace Sluice.Core.Api.Schema;

/// <summary>Marks a root kind and carries what its CRD needs besides the schema.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class CustomResourceAttribute(string kind, string plural, params string[] shortNames) : Attribute
{
    public string Kind { get; } = kind;

    public string Plural { get; } = plural;

    public IReadOnlyList<string> ShortNames { get; } = shortNames;
}
