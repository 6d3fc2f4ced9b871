using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;

namespace Sluice.Core.Tests;

/// <summary>
/// The pure core must stay testable without a cluster or a disk: it references no package and uses no I/O type.
/// </summary>
public sealed class CoreIsPureTests
{
    private static readonly string[] ForbiddenNamespacePrefixes =
    [
        "System.IO", "System.Net", "System.Diagnostics.Process", "k8s", "Minio", "Microsoft.ML", "YamlDotNet",
        "Microsoft.AspNetCore", "Prometheus",
    ];

    // System.IO holds a few pure value types that are fine to use (paths are strings; streams are not).
    private static readonly HashSet<string> AllowedTypes = ["System.IO.InvalidDataException"];

    private static readonly HashSet<string> ForbiddenTypes =
    [
        "System.Console", "System.Environment", "System.Threading.Thread", "System.DateTime.Now",
    ];

    [Fact]
    public void Core_references_only_the_framework()
    {
        var referenced = typeof(Sluice.Core.CoreAssembly).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.All(referenced, name => Assert.True(
            name.StartsWith("System", StringComparison.Ordinal) || name is "netstandard" or "mscorlib",
            $"Sluice.Core references {name}; pure logic may reference only the framework"));
    }

    [Fact]
    public void Core_uses_no_io_types()
    {
        using var stream = File.OpenRead(typeof(Sluice.Core.CoreAssembly).Assembly.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var offenders = new List<string>();
        foreach (var handle in metadata.TypeReferences)
        {
            var reference = metadata.GetTypeReference(handle);
            var ns = metadata.GetString(reference.Namespace);
            var fullName = $"{ns}.{metadata.GetString(reference.Name)}";
            if (AllowedTypes.Contains(fullName))
            {
                continue;
            }

            if (ForbiddenTypes.Contains(fullName) ||
                ForbiddenNamespacePrefixes.Any(p => ns == p || ns.StartsWith(p + ".", StringComparison.Ordinal)))
            {
                offenders.Add(fullName);
            }
        }

        Assert.True(offenders.Count == 0, $"Sluice.Core uses I/O types: {string.Join(", ", offenders.Distinct())}");
    }
}
