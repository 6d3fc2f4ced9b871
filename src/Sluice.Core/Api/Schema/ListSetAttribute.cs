namespace Sluice.Core.Api.Schema;

/// <summary>
/// A list of unique strings (<c>x-kubernetes-list-type: set</c>): the API server rejects a repeated item, which a
/// CEL rule could only do at a cost quadratic in the list's length.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ListSetAttribute : Attribute;
