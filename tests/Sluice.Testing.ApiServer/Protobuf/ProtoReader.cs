namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>Reads the protobuf wire format: a sequence of (tag, value) pairs over a byte buffer.</summary>
internal sealed class ProtoReader(ReadOnlyMemory<byte> data)
{
    private int position;

    public bool AtEnd => position >= data.Length;

    /// <summary>Reads the next field's tag: its number and wire type.</summary>
    public (int Field, WireType Type) ReadTag()
    {
        var tag = ReadVarint();
        var field = (int)(tag >> 3);
        var type = (WireType)(tag & 7);
        if (field <= 0 || type is not (WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32))
        {
            throw new ProtobufFormatException($"invalid field tag {tag} at byte {position}");
        }
        return (field, type);
    }

    public ulong ReadVarint()
    {
        ulong result = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length)
            {
                throw new ProtobufFormatException("a varint runs past the end of the message");
            }
            var b = data.Span[position++];
            result |= (ulong)(b & 0x7f) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }
        throw new ProtobufFormatException("a varint is longer than 10 bytes");
    }

    public ulong ReadFixed64() => BitConverter.ToUInt64(Take(8).Span);

    public uint ReadFixed32() => BitConverter.ToUInt32(Take(4).Span);

    public ReadOnlyMemory<byte> ReadLengthDelimited()
    {
        var length = ReadVarint();
        if (length > (ulong)(data.Length - position))
        {
            throw new ProtobufFormatException($"a length-delimited field of {length} bytes runs past the end of the message");
        }
        return Take((int)length);
    }

    /// <summary>Reads a field's value of any wire type, for fields the schema does not know.</summary>
    public ReadOnlyMemory<byte> ReadRaw(WireType type, out ulong scalar)
    {
        scalar = 0;
        switch (type)
        {
            case WireType.Varint:
                scalar = ReadVarint();
                return ReadOnlyMemory<byte>.Empty;
            case WireType.Fixed64:
                scalar = ReadFixed64();
                return ReadOnlyMemory<byte>.Empty;
            case WireType.Fixed32:
                scalar = ReadFixed32();
                return ReadOnlyMemory<byte>.Empty;
            default:
                return ReadLengthDelimited();
        }
    }

    private ReadOnlyMemory<byte> Take(int count)
    {
        if (count > data.Length - position)
        {
            throw new ProtobufFormatException("a field runs past the end of the message");
        }
        var slice = data.Slice(position, count);
        position += count;
        return slice;
    }
}
