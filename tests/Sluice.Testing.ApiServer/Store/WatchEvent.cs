using System.Text.Json.Nodes;
using Sluice.Testing.ApiServer.Resources;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>
/// One change in the store: ADDED, MODIFIED or DELETED, with the object as it was written and, for MODIFIED, the
/// object as it was before (a filtered watch needs both to see an object enter or leave its selection).
/// </summary>
internal sealed record WatchEvent(long ResourceVersion, string Type, ResourceType Resource, string Namespace, JsonObject Object, JsonObject? Previous = null);
