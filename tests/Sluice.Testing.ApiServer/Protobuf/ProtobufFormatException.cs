namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>The bytes are not well-formed protobuf.</summary>
internal sealed class ProtobufFormatException(string message) : Exception(message);
