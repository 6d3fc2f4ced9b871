using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Store;

/// <summary>An API error that becomes a <c>Status</c> body with the given HTTP code and reason.</summary>
internal sealed class ApiException(int code, string reason, string message, JsonObject? details = null)
    : Exception(message)
{
    public int Code { get; } = code;
    public string Reason { get; } = reason;
    public JsonObject? Details { get; } = details;

    public static ApiException NotFound(string resource, string group, string name) =>
        new(404, "NotFound", $"{Qualified(resource, group)} \"{name}\" not found", DetailsFor(resource, group, name));

    public static ApiException AlreadyExists(string resource, string group, string name) =>
        new(409, "AlreadyExists", $"{Qualified(resource, group)} \"{name}\" already exists", DetailsFor(resource, group, name));

    public static ApiException Conflict(string resource, string group, string name) =>
        new(409, "Conflict",
            $"Operation cannot be fulfilled on {Qualified(resource, group)} \"{name}\": the object has been modified; please apply your changes to the latest version and try again",
            DetailsFor(resource, group, name));

    public static ApiException BadRequest(string message) => new(400, "BadRequest", message);

    public static ApiException Invalid(string kind, string group, string name, IReadOnlyList<(string Field, string Type, string Message)> causes)
    {
        var details = DetailsFor(kind, group, name);
        var arr = new JsonArray();
        foreach (var c in causes)
        {
            arr.Add(new JsonObject { ["reason"] = c.Type, ["message"] = c.Message, ["field"] = c.Field });
        }
        details["causes"] = arr;
        var text = string.Join(", ", causes.Select(c => $"{c.Field}: {c.Message}"));
        return new ApiException(422, "Invalid", $"{Qualified(kind, group)} \"{name}\" is invalid: {text}", details);
    }

    public JsonObject ToStatus() => new()
    {
        ["kind"] = "Status",
        ["apiVersion"] = "v1",
        ["metadata"] = new JsonObject(),
        ["status"] = "Failure",
        ["message"] = Message,
        ["reason"] = Reason,
        ["details"] = Details?.DeepClone(),
        ["code"] = Code,
    };

    private static string Qualified(string resource, string group) => group.Length == 0 ? resource : $"{resource}.{group}";

    private static JsonObject DetailsFor(string kind, string group, string name) =>
        new() { ["name"] = name, ["group"] = group, ["kind"] = kind };
}
