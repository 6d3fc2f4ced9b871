using System.Text.Json.Nodes;

namespace Sluice.E2E;

internal static class Wait
{
    /// <summary>Polls an object until <paramref name="done"/> holds; fails with the object's last state at the deadline.</summary>
    public static async Task<JsonNode> ForAsync(string ns, string resource, string name, Func<JsonNode, bool> done, TimeSpan deadline)
    {
        using var cts = new CancellationTokenSource(deadline);
        JsonNode? last = null;
        while (true)
        {
            last = Cluster.Get(ns, resource, name) ?? last;
            if (last is not null && done(last))
            {
                return last;
            }

            try
            {
                await Task.Delay(TimeSpan.FromSeconds(3), cts.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"{resource} {ns}/{name} did not get there within {deadline}; last status:\n{last?["status"]?.ToJsonString() ?? "(none)"}");
            }
        }
    }

    public static string? Condition(JsonNode obj, string type, string field = "status") =>
        obj["status"]?["conditions"]?.AsArray().FirstOrDefault(c => (string?)c?["type"] == type)?[field]?.GetValue<string>();
}
