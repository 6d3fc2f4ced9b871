using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace Sluice.Steps.Onnx;

/// <summary>
/// A minimal protocol-buffers encoder (wire types varint, 32-bit and length-delimited): all ONNX needs to write a
/// model, without a generated-code dependency. Nested messages are written by <see cref="Message"/>.
/// </summary>
internal sealed class ProtoWriter
{
    private readonly ArrayBufferWriter<byte> _buffer = new();

    public ReadOnlySpan<byte> WrittenSpan => _buffer.WrittenSpan;

    public ProtoWriter Int64(int field, long value)
    {
        Tag(field, 0);
        Varint((ulong)value);
        return this;
    }

    public ProtoWriter String(int field, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        return Bytes(field, bytes);
    }

    public ProtoWriter Bytes(int field, ReadOnlySpan<byte> value)
    {
        Tag(field, 2);
        Varint((ulong)value.Length);
        _buffer.Write(value);
        return this;
    }

    public ProtoWriter Float(int field, float value)
    {
        Tag(field, 5);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>A packed repeated float field.</summary>
    public ProtoWriter PackedFloats(int field, ReadOnlySpan<float> values)
    {
        var bytes = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Bytes(field, bytes);
    }

    /// <summary>A packed repeated int64 field.</summary>
    public ProtoWriter PackedInt64s(int field, ReadOnlySpan<long> values)
    {
        var inner = new ProtoWriter();
        foreach (var v in values)
        {
            inner.Varint((ulong)v);
        }

        return Bytes(field, inner.WrittenSpan);
    }

    public ProtoWriter Message(int field, Action<ProtoWriter> write)
    {
        var inner = new ProtoWriter();
        write(inner);
        return Bytes(field, inner.WrittenSpan);
    }

    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private void Tag(int field, int wireType) => Varint((ulong)((field << 3) | wireType));

    private void Varint(ulong value)
    {
        while (value >= 0x80)
        {
            _buffer.Write([(byte)(value | 0x80)]);
            value >>= 7;
        }

        _buffer.Write([(byte)value]);
    }
}
