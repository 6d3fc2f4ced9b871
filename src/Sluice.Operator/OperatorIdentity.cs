namespace Sluice.Operator;

/// <summary>How the operator names itself to the API server: field manager of its writes, component of its Events.</summary>
internal static class OperatorIdentity
{
    public const string Name = "sluice-operator";
}
