using System.Collections.Concurrent;

namespace Sluice.Testing.ApiServer.Http;

/// <summary>The text served by pods/NAME/log, written by tests and by the simulated Job controller.</summary>
internal sealed class PodLogs
{
    private readonly ConcurrentDictionary<(string Ns, string Name), string> logs = new();

    public string Get(string ns, string name) => logs.TryGetValue((ns, name), out var text) ? text : "";

    public void Set(string ns, string name, string text) => logs[(ns, name)] = text;
}
