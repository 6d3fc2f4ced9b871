using System.Text;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Writes protobuf wire format by hand, to build request bodies the way client-go's marshaller does.</summary>
internal sealed class ProtoWriter
{
    private readonly List<byte> bytes = [];

    public ProtoWriter Varint(int field, ulong value)
    {
        Raw((ulong)(field << 3));
        Raw(value);
        return this;
    }

    public ProtoWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    public ProtoWriter Message(int field, ProtoWriter message) => Bytes(field, message.ToArray());

    public ProtoWriter Bytes(int field, byte[] value)
    {
        Raw((ulong)(field << 3 | 2));
        Raw((ulong)value.Length);
        bytes.AddRange(value);
        return this;
    }

    public byte[] ToArray() => [.. bytes];

    /// <summary>The request body: <c>k8s\0</c> and a runtime.Unknown holding the object.</summary>
    public static byte[] Envelope(string apiVersion, string kind, ProtoWriter obj) =>
        [(byte)'k', (byte)'8', (byte)'s', 0, .. new ProtoWriter()
            .Message(1, new ProtoWriter().String(1, apiVersion).String(2, kind))
            .Message(2, obj)
            .String(4, "application/vnd.kubernetes.protobuf")
            .ToArray()];

    private void Raw(ulong value)
    {
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }
        bytes.Add((byte)value);
    }
}
