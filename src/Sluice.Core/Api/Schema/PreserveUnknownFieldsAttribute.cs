namespace Sluice.Core.Api.Schema;

/// <summary>A free-form object: <c>x-kubernetes-preserve-unknown-fields: true</c>, not checked by Sluice.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
