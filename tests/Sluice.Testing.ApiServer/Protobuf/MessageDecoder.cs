using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>
/// Decodes a Kubernetes protobuf message into the JSON Go's encoding/json would write for the same object. The Go
/// marshaller writes every non-pointer field, set or not, so an empty string, a zero or a false in a plain field is the
/// unset value and left out (as <c>omitempty</c> leaves it out of JSON), while nested structs are always written
/// (<c>{}</c>, as encoding/json writes them) and a zero Time becomes <c>null</c>.
/// </summary>
internal static class MessageDecoder
{
    public static JsonObject Decode(string message, ReadOnlyMemory<byte> bytes, string path)
    {
        if (!KubernetesSchema.Messages.TryGetValue(message, out var fields))
        {
            throw Unsupported($"{path}: message {message} is not decoded by this test server");
        }
        var result = new JsonObject();
        var arrays = new Dictionary<string, JsonArray>();
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            if (!fields.TryGetValue(number, out var field))
            {
                // Go writes unset plain fields too, and fields newer than this table (status strings, say) arrive
                // empty; only a value would be lost by skipping.
                var raw = reader.ReadRaw(type, out var scalar);
                if (raw.Length > 0 || scalar != 0)
                {
                    throw Unsupported($"{path}: field {number} of message {message} is not decoded by this test server");
                }
                continue;
            }
            var fieldPath = $"{path}.{field.Json}";
            var value = DecodeValue(field, type, reader, fieldPath, message, number);
            if (value.Skip)
            {
                continue;
            }
            if (field.Repeated)
            {
                if (!arrays.TryGetValue(field.Json, out var array))
                {
                    arrays[field.Json] = array = [];
                }
                array.Add(value.Node);
            }
            else if (value.Node is JsonObject map && field.Kind is ProtoKind.StringMap or ProtoKind.BytesMap or ProtoKind.QuantityMap)
            {
                // Each map entry arrives as its own field occurrence.
                var target = result[field.Json] as JsonObject ?? (JsonObject)(result[field.Json] = new JsonObject());
                foreach (var (k, v) in map.ToList())
                {
                    map.Remove(k);
                    target[k] = v;
                }
            }
            else
            {
                result[field.Json] = value.Node;
            }
        }
        foreach (var (name, array) in arrays)
        {
            result[name] = array;
        }
        return result;
    }

    private static (JsonNode? Node, bool Skip) DecodeValue(ProtoField field, WireType type, ProtoReader reader, string path, string message, int number)
    {
        var expected = field.Kind is ProtoKind.Int or ProtoKind.Bool ? WireType.Varint : WireType.LengthDelimited;
        if (type != expected)
        {
            throw Unsupported($"{path}: field {number} of message {message} has wire type {(int)type}, expected {(int)expected}");
        }
        switch (field.Kind)
        {
            case ProtoKind.Int:
            {
                var v = (long)reader.ReadVarint();
                return (JsonValue.Create(v), v == 0 && !field.Pointer && !field.Repeated);
            }
            case ProtoKind.Bool:
            {
                var v = reader.ReadVarint() != 0;
                return (JsonValue.Create(v), !v && !field.Pointer && !field.Repeated);
            }
            case ProtoKind.String:
            {
                var v = Utf8(reader.ReadLengthDelimited(), path);
                return (JsonValue.Create(v), v.Length == 0 && !field.Pointer && !field.Repeated);
            }
            case ProtoKind.Bytes:
            {
                var v = reader.ReadLengthDelimited();
                return (JsonValue.Create(Convert.ToBase64String(v.Span)), v.Length == 0 && !field.Pointer && !field.Repeated);
            }
            case ProtoKind.Message:
                return (Decode(field.Message!, reader.ReadLengthDelimited(), path), false);
            case ProtoKind.StringMap:
            case ProtoKind.BytesMap:
            case ProtoKind.QuantityMap:
            {
                var (key, value) = MapEntry(field.Kind, reader.ReadLengthDelimited(), path);
                return (new JsonObject { [key] = value }, false);
            }
            case ProtoKind.Quantity:
                return (JsonValue.Create(Quantity(reader.ReadLengthDelimited(), path)), false);
            case ProtoKind.Time:
                return (Time(reader.ReadLengthDelimited(), path), false);
            case ProtoKind.IntOrString:
                return (IntOrString(reader.ReadLengthDelimited(), path), false);
            default:
                throw new InvalidOperationException($"unhandled kind {field.Kind}");
        }
    }

    private static (string Key, JsonNode? Value) MapEntry(ProtoKind kind, ReadOnlyMemory<byte> bytes, string path)
    {
        var reader = new ProtoReader(bytes);
        var key = "";
        JsonNode? value = kind == ProtoKind.QuantityMap ? null : JsonValue.Create("");
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            if (type != WireType.LengthDelimited || number is not (1 or 2))
            {
                throw Unsupported($"{path}: a map entry has field {number} of wire type {(int)type}");
            }
            var data = reader.ReadLengthDelimited();
            if (number == 1)
            {
                key = Utf8(data, path);
                continue;
            }
            value = kind switch
            {
                ProtoKind.StringMap => JsonValue.Create(Utf8(data, path)),
                ProtoKind.BytesMap => JsonValue.Create(Convert.ToBase64String(data.Span)),
                _ => JsonValue.Create(Quantity(data, path)),
            };
        }
        return (key, value);
    }

    private static string Quantity(ReadOnlyMemory<byte> bytes, string path)
    {
        var reader = new ProtoReader(bytes);
        var text = "";
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            if (number != 1 || type != WireType.LengthDelimited)
            {
                throw Unsupported($"{path}: field {number} of message Quantity is not decoded by this test server");
            }
            text = Utf8(reader.ReadLengthDelimited(), path);
        }
        return text;
    }

    private static JsonNode? Time(ReadOnlyMemory<byte> bytes, string path)
    {
        var reader = new ProtoReader(bytes);
        long seconds = 0, nanos = 0;
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            if (type != WireType.Varint || number is not (1 or 2))
            {
                throw Unsupported($"{path}: field {number} of message Time is not decoded by this test server");
            }
            var v = (long)reader.ReadVarint();
            if (number == 1)
            {
                seconds = v;
            }
            else
            {
                nanos = v;
            }
        }
        if (seconds == 0 && nanos == 0)
        {
            return null;
        }
        // Go writes metav1.Time in RFC 3339 at second precision.
        return JsonValue.Create(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }

    private static JsonNode IntOrString(ReadOnlyMemory<byte> bytes, string path)
    {
        var reader = new ProtoReader(bytes);
        long type = 0, intVal = 0;
        var strVal = "";
        while (!reader.AtEnd)
        {
            var (number, wire) = reader.ReadTag();
            switch (number, wire)
            {
                case (1, WireType.Varint):
                    type = (long)reader.ReadVarint();
                    break;
                case (2, WireType.Varint):
                    intVal = (int)reader.ReadVarint();
                    break;
                case (3, WireType.LengthDelimited):
                    strVal = Utf8(reader.ReadLengthDelimited(), path);
                    break;
                default:
                    throw Unsupported($"{path}: field {number} of message IntOrString is not decoded by this test server");
            }
        }
        return type == 1 ? JsonValue.Create(strVal) : JsonValue.Create(intVal);
    }

    private static string Utf8(ReadOnlyMemory<byte> bytes, string path)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes.Span);
        }
        catch (DecoderFallbackException)
        {
            throw ApiException.BadRequest($"{path}: the string is not valid UTF-8");
        }
    }

    public static ApiException Unsupported(string detail) =>
        new(415, "UnsupportedMediaType",
            $"the body of the request was in an unknown format - accepted media types include: application/json ({detail}; send the object as JSON, e.g. kubectl create ... --dry-run=client -o yaml | kubectl apply -f -)");
}
