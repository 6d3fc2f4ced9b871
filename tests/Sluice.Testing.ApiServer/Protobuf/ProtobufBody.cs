using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Store;

namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>
/// Decodes an <c>application/vnd.kubernetes.protobuf</c> request body: the magic <c>k8s\0</c>, then a runtime.Unknown
/// (1 typeMeta {1 apiVersion, 2 kind}, 2 raw, 3 contentEncoding, 4 contentType) whose raw bytes are the object.
/// </summary>
internal static class ProtobufBody
{
    private static readonly byte[] Magic = [(byte)'k', (byte)'8', (byte)'s', 0];

    public static JsonObject Decode(ReadOnlyMemory<byte> body)
    {
        if (body.Length < Magic.Length || !body.Span[..Magic.Length].SequenceEqual(Magic))
        {
            throw ApiException.BadRequest("the protobuf request body does not start with the Kubernetes envelope prefix k8s\\0");
        }
        try
        {
            return DecodeUnknown(body[Magic.Length..]);
        }
        catch (ProtobufFormatException e)
        {
            throw ApiException.BadRequest($"the protobuf request body is malformed: {e.Message}");
        }
    }

    private static JsonObject DecodeUnknown(ReadOnlyMemory<byte> bytes)
    {
        string apiVersion = "", kind = "", encoding = "";
        var raw = ReadOnlyMemory<byte>.Empty;
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            var value = reader.ReadRaw(type, out _);
            switch (number)
            {
                case 1:
                    (apiVersion, kind) = TypeMeta(value);
                    break;
                case 2:
                    raw = value;
                    break;
                case 3:
                    encoding = System.Text.Encoding.UTF8.GetString(value.Span);
                    break;
            }
        }
        if (encoding.Length > 0)
        {
            throw MessageDecoder.Unsupported($"content encoding {encoding} is not supported");
        }
        if (!KubernetesSchema.Kinds.TryGetValue((apiVersion, kind), out var message))
        {
            var supported = string.Join(", ", KubernetesSchema.Kinds.Keys.Select(k => $"{k.ApiVersion} {k.Kind}"));
            throw MessageDecoder.Unsupported($"this test server decodes protobuf bodies only for {supported}, not {apiVersion} {kind}");
        }
        var obj = new JsonObject { ["kind"] = kind, ["apiVersion"] = apiVersion };
        foreach (var (name, node) in MessageDecoder.Decode(message, raw, kind).ToList())
        {
            obj[name] = node?.DeepClone();
        }
        return obj;
    }

    private static (string ApiVersion, string Kind) TypeMeta(ReadOnlyMemory<byte> bytes)
    {
        string apiVersion = "", kind = "";
        var reader = new ProtoReader(bytes);
        while (!reader.AtEnd)
        {
            var (number, type) = reader.ReadTag();
            var value = reader.ReadRaw(type, out _);
            if (number == 1)
            {
                apiVersion = System.Text.Encoding.UTF8.GetString(value.Span);
            }
            else if (number == 2)
            {
                kind = System.Text.Encoding.UTF8.GetString(value.Span);
            }
        }
        return (apiVersion, kind);
    }
}
