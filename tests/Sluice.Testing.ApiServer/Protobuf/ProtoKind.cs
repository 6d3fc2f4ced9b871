namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>How a field's protobuf value becomes JSON.</summary>
internal enum ProtoKind
{
    String,
    /// <summary>int32/int64 varint, written as a JSON number.</summary>
    Int,
    Bool,
    /// <summary>Bytes, written base64 as Go's encoding/json writes []byte.</summary>
    Bytes,
    /// <summary>A nested message named by <see cref="ProtoField.Message"/>.</summary>
    Message,
    /// <summary>map&lt;string, string&gt;.</summary>
    StringMap,
    /// <summary>map&lt;string, bytes&gt;, values base64.</summary>
    BytesMap,
    /// <summary>map&lt;string, Quantity&gt;, values as the quantity's string.</summary>
    QuantityMap,
    /// <summary>resource.Quantity: its field 1 is the canonical string.</summary>
    Quantity,
    /// <summary>meta/v1 Time: seconds and nanos, written RFC 3339 (null when zero, as Go writes a zero Time).</summary>
    Time,
    /// <summary>intstr.IntOrString: a number or a string.</summary>
    IntOrString,
}
