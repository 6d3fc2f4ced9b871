namespace Sluice.Core.Api.Schema;

/// <summary>The property must be present: listed under <c>required</c> in the CRD schema.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class RequiredAttribute : Attribute;
