namespace Sluice.Steps.Training;

/// <summary>
/// Options of <c>sluice step train</c>. Null URIs come from the stage contract: <c>SLUICE_INPUT_TRAIN</c>,
/// <c>SLUICE_OUTPUT_MODEL</c>.
/// </summary>
public sealed record TrainOptions(
    string? Train,
    string? ModelOut,
    string Target,
    IReadOnlyList<string>? Features,
    double L2 = 1e-3,
    int MaxIterations = 3000,
    double LearningRate = 0.5,
    ulong Seed = 42);
