using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Sluice.Manifests.Crds;

/// <summary>The &lt;summary&gt; doc comments of an assembly, read from the XML file the compiler writes next to it.</summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, string> _summaries;

    private XmlDocs(Dictionary<string, string> summaries) => _summaries = summaries;

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static XmlDocs ForAssembly(System.Reflection.Assembly assembly)
    {
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"doc comments file {path} is missing; build {assembly.GetName().Name} with GenerateDocumentationFile", path);
        }

        var summaries = XDocument.Load(path).Descendants("member")
            .Where(m => m.Element("summary") is not null)
            .ToDictionary(m => (string)m.Attribute("name")!, m => Clean(m.Element("summary")!), StringComparer.Ordinal);
        return new XmlDocs(summaries);
    }

    public string? ForType(Type type) => _summaries.GetValueOrDefault($"T:{type.FullName}");

    public string? ForProperty(System.Reflection.PropertyInfo property) =>
        _summaries.GetValueOrDefault($"P:{property.DeclaringType!.FullName}.{property.Name}");

    private static string Clean(XElement summary)
    {
        var text = string.Concat(summary.Nodes().Select(n => n switch
        {
            XText t => t.Value,
            XElement { Name.LocalName: "see" } e => (string?)e.Attribute("cref") is { } cref ? cref[(cref.LastIndexOf('.') + 1)..] : e.Value,
            XElement e => e.Value,
            _ => "",
        }));
        return Whitespace().Replace(text, " ").Trim();
    }
}
