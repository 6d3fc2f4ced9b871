using System.Text.RegularExpressions;
using k8s;
using YamlDotNet.RepresentationModel;

namespace Sluice.Packaging.Tests;

/// <summary>One rendered object: its identity, its YAML, and the KubernetesClient object it parsed into.</summary>
internal sealed record RenderedObject(string Variant, string ApiVersion, string Kind, string Name, string? Namespace, string Yaml, object Typed)
{
    public override string ToString() => $"{Variant}: {Kind} {Namespace}/{Name}";
}

/// <summary>
/// Renders every install variant once (hack/check-packaging.sh render) and parses each document strictly into its
/// KubernetesClient type, so a misspelled or misplaced field fails here instead of at `kubectl apply`.
/// </summary>
public sealed partial class RenderedInstall : IAsyncLifetime
{
    // Kinds of other projects' CRDs the chart may render; they have no KubernetesClient type.
    private static readonly HashSet<string> ForeignKinds = ["monitoring.coreos.com/v1/ServiceMonitor"];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "sluice-packaging-" + Guid.NewGuid().ToString("N"));

    internal IReadOnlyDictionary<string, IReadOnlyList<RenderedObject>> Variants { get; private set; } =
        new Dictionary<string, IReadOnlyList<RenderedObject>>();

    internal string RenderOutput { get; private set; } = "";

    /// <summary>The rendered file of a variant (DIR/&lt;variant&gt;.yaml), as `kubectl apply -f` takes it.</summary>
    internal string FileOf(string variant) => Path.Combine(directory, variant + ".yaml");

    internal IReadOnlyList<string> ParseErrors { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var result = await ToolRunner.CheckPackagingAsync("render", directory);
        RenderOutput = result.Output;
        result.AssertSuccess("hack/check-packaging.sh render");
        var variants = new Dictionary<string, IReadOnlyList<RenderedObject>>();
        var errors = new List<string>();
        foreach (var file in Directory.GetFiles(directory, "*.yaml").Order(StringComparer.Ordinal))
        {
            var variant = Path.GetFileNameWithoutExtension(file);
            variants[variant] = Parse(variant, await File.ReadAllTextAsync(file), errors);
        }

        Variants = variants;
        ParseErrors = errors;
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    internal IEnumerable<RenderedObject> All => Variants.Values.SelectMany(v => v);

    private static List<RenderedObject> Parse(string variant, string content, List<string> errors)
    {
        var objects = new List<RenderedObject>();
        foreach (var (document, index) in DocumentSeparator().Split(content).Select((d, i) => (d, i)))
        {
            if (document.Split('\n').All(l => l.Trim().Length == 0 || l.TrimStart().StartsWith('#')))
            {
                continue;
            }

            try
            {
                objects.Add(ParseDocument(variant, document));
            }
            catch (Exception e) when (e is YamlDotNet.Core.YamlException or InvalidOperationException or ArgumentException)
            {
                errors.Add($"{variant} document {index}: {e.Message} {e.InnerException?.Message}\n{document}");
            }
        }

        return objects;
    }

    private static RenderedObject ParseDocument(string variant, string document)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(document));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string? Scalar(YamlMappingNode node, string key) =>
            node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? (value as YamlScalarNode)?.Value : null;
        var apiVersion = Scalar(root, "apiVersion") ?? throw new InvalidOperationException("no apiVersion");
        var kind = Scalar(root, "kind") ?? throw new InvalidOperationException("no kind");
        var metadata = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var m) ? m as YamlMappingNode : null;
        var name = (metadata is null ? null : Scalar(metadata, "name")) ?? throw new InvalidOperationException($"{kind} without metadata.name");
        var ns = metadata is null ? null : Scalar(metadata, "namespace");
        // Our own kinds (config/samples) are checked against the CRDs by the API's tests, not here.
        object typed = ForeignKinds.Contains($"{apiVersion}/{kind}") || apiVersion.StartsWith("sluice.dev/", StringComparison.Ordinal)
            ? root
            : KubernetesYaml.LoadAllFromString(document, typeMap: null, strict: true).Single();
        return new RenderedObject(variant, apiVersion, kind, name, ns, document, typed);
    }

    [GeneratedRegex(@"^---[^\n]*$", RegexOptions.Multiline)]
    private static partial Regex DocumentSeparator();
}
