using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Tests;

/// <summary>Plain HTTP against the server, so tests see exact status codes and bodies.</summary>
internal sealed class RawApi(string url) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = new Uri(url), Timeout = TimeSpan.FromSeconds(20) };

    public static string WidgetCrdPath => Path.Combine(AppContext.BaseDirectory, "testdata", "widget-crd.yaml");

    public async Task<(int Code, JsonObject Body)> SendAsync(HttpMethod method, string path, JsonNode? body = null, string contentType = "application/json", CancellationToken ct = default)
    {
        using var req = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            req.Content = new StringContent(body.ToJsonString(), Encoding.UTF8);
            req.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        using var resp = await http.SendAsync(req, ct);
        var text = await resp.Content.ReadAsStringAsync(ct);
        return ((int)resp.StatusCode, text.Length == 0 ? [] : JsonNode.Parse(text) as JsonObject ?? []);
    }

    public Task<(int Code, JsonObject Body)> GetAsync(string path, CancellationToken ct = default) => SendAsync(HttpMethod.Get, path, null, ct: ct);

    public Task<(int Code, JsonObject Body)> PostAsync(string path, JsonNode body, CancellationToken ct = default) => SendAsync(HttpMethod.Post, path, body, ct: ct);

    public Task<(int Code, JsonObject Body)> PutAsync(string path, JsonNode body, CancellationToken ct = default) => SendAsync(HttpMethod.Put, path, body, ct: ct);

    public Task<(int Code, JsonObject Body)> PatchAsync(string path, JsonNode body, string type = "application/merge-patch+json", CancellationToken ct = default) => SendAsync(HttpMethod.Patch, path, body, type, ct);

    public Task<(int Code, JsonObject Body)> DeleteAsync(string path, JsonNode? options = null, CancellationToken ct = default) => SendAsync(HttpMethod.Delete, path, options, ct: ct);

    /// <summary>Reads watch events until <paramref name="count"/> arrived or the stream ends.</summary>
    public async Task<List<JsonObject>> WatchAsync(string pathAndQuery, int count, CancellationToken ct)
    {
        using var resp = await http.GetAsync(pathAndQuery, HttpCompletionOption.ResponseHeadersRead, ct);
        using var reader = new StreamReader(await resp.Content.ReadAsStreamAsync(ct));
        var events = new List<JsonObject>();
        while (events.Count < count && await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length > 0)
            {
                events.Add((JsonObject)JsonNode.Parse(line)!);
            }
        }
        return events;
    }

    /// <summary>Applies the test Widget CRD by converting the YAML with the server-independent KubernetesClient loader.</summary>
    public async Task ApplyWidgetCrdAsync(CancellationToken ct)
    {
        var crd = k8s.KubernetesYaml.Deserialize<k8s.Models.V1CustomResourceDefinition>(await File.ReadAllTextAsync(WidgetCrdPath, ct));
        var (code, body) = await PostAsync("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", JsonNode.Parse(k8s.KubernetesJson.Serialize(crd))!, ct);
        Assert.True(code == 201, body.ToJsonString());
    }

    public void Dispose() => http.Dispose();
}
