namespace Sluice.Core.Api.Schema;

/// <summary>A CEL rule the API server checks (<c>x-kubernetes-validations</c>) on the property's schema.</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Class, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}
