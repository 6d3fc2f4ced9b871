namespace Sluice.Steps.Ingest;

/// <summary>
/// Options of <c>sluice step ingest</c>. Null URIs come from the stage contract
/// (<c>SLUICE_INPUT_SOURCE</c>, <c>SLUICE_OUTPUT_TRAIN</c>, <c>SLUICE_OUTPUT_VALIDATION</c>, <c>SLUICE_OUTPUT_TEST</c>).
/// </summary>
public sealed record IngestOptions(
    string? Source,
    string? TrainOut,
    string? ValidationOut,
    string? TestOut,
    string? Target,
    bool Stratify,
    double TrainFraction = 0.7,
    double ValidationFraction = 0.15,
    ulong Seed = 42);
