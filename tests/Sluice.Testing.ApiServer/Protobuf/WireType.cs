namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>The protobuf wire types a Kubernetes message uses (groups, 3 and 4, are never used).</summary>
internal enum WireType
{
    Varint = 0,
    Fixed64 = 1,
    LengthDelimited = 2,
    Fixed32 = 5,
}
