namespace Sluice.Testing.ApiServer.Protobuf;

/// <summary>
/// One field of a Kubernetes message: its JSON name and how to decode it. <paramref name="Pointer"/> marks Go pointer
/// fields (<c>*int32</c>, <c>*bool</c>): the Go marshaller writes them only when set, so a zero is data and kept, while a
/// zero in a plain field is the unset value that Go's JSON (<c>omitempty</c>) leaves out.
/// </summary>
internal sealed record ProtoField(string Json, ProtoKind Kind, string? Message = null, bool Repeated = false, bool Pointer = false);
