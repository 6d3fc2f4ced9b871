using System.Text.Json;
using Sluice.Core.Api;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Manifests.Loading;

/// <summary>Loads sluice.dev resources from (multi-document) YAML text into the Core API types.</summary>
public static class ManifestLoader
{
    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Every document of the text; a YAML syntax error yields one document holding that error.</summary>
    public static IReadOnlyList<LoadedDocument> Load(string yaml)
    {
        var stream = new YamlStream();
        var scanner = new Scanner(new StringReader(yaml));
        try
        {
            stream.Load(new Parser(scanner));
        }
        catch (YamlException e)
        {
            var message = e.InnerException is { } inner ? $"{e.Message} ({inner.Message})" : e.Message;
            if (e.Message.Contains("flow", StringComparison.Ordinal) && UnclosedFlowCollection.Find(yaml, (int)e.Start.Index) is { } open)
            {
                message += $" The \"{open.Opener}\" at line {open.Line}, column {open.Column} is still open.";
            }

            return [SyntaxError($"YAML syntax error: {message}", (int)e.Start.Line, (int)e.Start.Column)];
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this, with its internal text and no position, when a flow collection is
            // left open and a block line follows: say so in words, at the bracket, and where the parser gave up.
            var at = scanner.CurrentPosition;
            var where = $"line {at.Line}, column {at.Column}";
            return [UnclosedFlowCollection.Find(yaml, (int)at.Index) is { } open
                ? SyntaxError($"YAML syntax error: this \"{open.Opener}\" is never closed; add \"{(open.Opener == '[' ? ']' : '}')}\" before {where}, where the parser gave up", open.Line, open.Column)
                : SyntaxError("YAML syntax error: the parser stopped here; an unclosed \"[\" or \"{\" above is the usual cause", (int)at.Line, (int)at.Column)];
        }

        var documents = new List<LoadedDocument>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is YamlScalarNode { Value: null or "" })
            {
                continue; // an empty document, such as after a trailing ---
            }

            documents.Add(LoadDocument(documents.Count, document.RootNode));
        }

        return documents;
    }

    private static LoadedDocument SyntaxError(string message, int line, int column) =>
        new(0, line, null, null, null, [new ManifestError("", message, line, column)]);

    public static T Deserialize<T>(string yaml)
    {
        var docs = Load(yaml);
        if (docs.Count != 1 || docs[0].Errors.Count > 0 || docs[0].Resource is not T resource)
        {
            throw new InvalidDataException(string.Join(Environment.NewLine, docs.SelectMany(d => d.Errors)));
        }

        return resource;
    }

    private static LoadedDocument LoadDocument(int index, YamlNode root)
    {
        var line = (int)root.Start.Line;
        if (root is not YamlMappingNode map)
        {
            return new LoadedDocument(index, line, null, null, null, [new ManifestError("", "a resource must be a YAML mapping with apiVersion, kind, metadata and spec", line, (int)root.Start.Column)]);
        }

        string? Scalar(string key) =>
            map.Children.TryGetValue(new YamlScalarNode(key), out var node) ? (node as YamlScalarNode)?.Value : null;
        var apiVersion = Scalar("apiVersion");
        var kind = Scalar("kind");
        var name = map.Children.TryGetValue(new YamlScalarNode("metadata"), out var meta) && meta is YamlMappingNode metaMap
            && metaMap.Children.TryGetValue(new YamlScalarNode("name"), out var n) ? (n as YamlScalarNode)?.Value : null;
        if (name is null && meta is YamlMappingNode gm && gm.Children.TryGetValue(new YamlScalarNode("generateName"), out var g))
        {
            name = (g as YamlScalarNode)?.Value + "*";
        }

        var errors = new List<ManifestError>();
        if (string.IsNullOrEmpty(apiVersion))
        {
            errors.Add(new ManifestError("apiVersion", $"apiVersion is required; use {ApiGroup.ApiVersion}", line, 1));
        }
        else if (apiVersion != ApiGroup.ApiVersion)
        {
            var hint = apiVersion.StartsWith(ApiGroup.Group + "/", StringComparison.Ordinal) ? $"version not served; use {ApiGroup.ApiVersion}" : $"sluice handles only {ApiGroup.ApiVersion} resources";
            errors.Add(new ManifestError("apiVersion", $"unknown apiVersion \"{apiVersion}\": {hint}", line, 1));
        }

        if (string.IsNullOrEmpty(kind))
        {
            errors.Add(new ManifestError("kind", $"kind is required; use one of {string.Join(", ", ApiKinds.ByKind.Keys)}", line, 1));
        }
        else if (!ApiKinds.ByKind.ContainsKey(kind))
        {
            errors.Add(new ManifestError("kind", $"unknown kind \"{kind}\"{Sluice.Core.Validation.Names.DidYouMean(kind, ApiKinds.ByKind.Keys)}; {ApiGroup.ApiVersion} has {string.Join(", ", ApiKinds.ByKind.Keys)}", line, 1));
        }

        if (errors.Count > 0)
        {
            return new LoadedDocument(index, line, kind, name, null, errors);
        }

        var type = ApiKinds.ByKind[kind!];
        var converter = new YamlToJson();
        var json = converter.Convert(root, type, "");
        errors.AddRange(converter.Errors);
        if (!map.Children.ContainsKey(new YamlScalarNode("spec")))
        {
            errors.Add(new ManifestError("spec", "spec is required", line, 1));
        }

        if (json is null)
        {
            return new LoadedDocument(index, line, kind, name, null, errors);
        }

        // Fields that failed to convert were left out, so what remains always deserializes.
        var resource = json.Deserialize(type, JsonOptions);
        return errors.Count > 0
            ? new LoadedDocument(index, line, kind, name, null, errors, Partial: resource)
            : new LoadedDocument(index, line, kind, name, resource, errors);
    }
}
