using Sluice.Manifests.Crds;
using Sluice.Manifests.Loading;
using Sluice.Manifests.Validation;

namespace Sluice.Manifests.Tests;

/// <summary>What the repository ships must match the code: generated CRDs, and examples and samples that validate.</summary>
public sealed class CommittedFilesTests
{
    [Theory]
    [InlineData("config/crd/bases")]
    [InlineData("charts/sluice/crds")]
    public void Committed_crds_equal_the_generated_ones(string dir)
    {
        foreach (var (file, crd) in new CrdGenerator().GenerateAll())
        {
            var path = Path.Combine(RepoRoot.Path, dir, file);
            Assert.True(File.Exists(path), $"{dir}/{file} is missing; run: dotnet run --project src/Sluice.Cli -- crds --output {dir}");
            Assert.True(CrdGenerator.ToYaml(crd) == File.ReadAllText(path),
                $"{dir}/{file} differs from the API types; run: dotnet run --project src/Sluice.Cli -- crds --output {dir}");
        }
    }

    public static TheoryData<string> ManifestFiles()
    {
        var data = new TheoryData<string>();
        foreach (var dir in new[] { "examples", "config/samples" })
        {
            foreach (var f in Directory.EnumerateFiles(Path.Combine(RepoRoot.Path, dir), "*.yaml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(f) == "kustomization.yaml")
                {
                    continue;
                }

                data.Add(Path.GetRelativePath(RepoRoot.Path, f));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public void Examples_and_samples_validate_without_a_namespace(string file)
    {
        var text = File.ReadAllText(Path.Combine(RepoRoot.Path, file));
        var docs = ManifestLoader.Load(text);
        Assert.NotEmpty(docs);
        Assert.All(docs, d => Assert.Empty(ManifestValidator.Validate(d, docs)));
        Assert.DoesNotContain("namespace:", text, StringComparison.Ordinal);
    }
}
