namespace Sluice.Steps.Validate;

/// <summary>
/// Options of <c>sluice step validate</c>. Null URIs come from the stage contract: <c>SLUICE_INPUT_DATA</c>,
/// optional <c>SLUICE_INPUT_SCHEMA</c> (check against it instead of inferring), <c>SLUICE_OUTPUT_SCHEMA</c>,
/// <c>SLUICE_OUTPUT_PROFILE</c>, optional <c>SLUICE_OUTPUT_REPORT</c>.
/// </summary>
public sealed record ValidateOptions(
    string? Data,
    string? Schema,
    string? SchemaOut,
    string? ProfileOut,
    string? ReportOut,
    bool AllowAnomalies);
