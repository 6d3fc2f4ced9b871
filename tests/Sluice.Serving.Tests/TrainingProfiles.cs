using Sluice.Core.Profiles;

namespace Sluice.Serving.Tests;

/// <summary>
/// The breast cancer example's training profile (tests/testdata/drift): the committed copy was made by the validate
/// step without --target, so its 31 features include the label column "target". The pipeline passes --target, and
/// then the step writes the same document plus "target": "target" (checked by running both on the same split),
/// whose other 30 features are breast_cancer_mlp_v1.onnx's inputs in order.
/// </summary>
internal static class TrainingProfiles
{
    public static string WithoutTarget { get; } = Path.Combine(AppContext.BaseDirectory, "testdata", "drift", "breast_cancer_train_profile.json");

    /// <summary>The profile as the pipeline's validate step makes it.</summary>
    public static string WithTargetJson() =>
        DataProfileJson.Serialize(DataProfileJson.Deserialize(File.ReadAllText(WithoutTarget)) with { Target = "target" });

    /// <summary>Writes <see cref="WithTargetJson"/> to DIR/profile.json; returns its path.</summary>
    public static string WriteWithTarget(string dir)
    {
        var path = Path.Combine(dir, "profile.json");
        File.WriteAllText(path, WithTargetJson());
        return path;
    }
}
