namespace Sluice.Steps.Validate;

/// <summary>
/// Options of <c>sluice step validate</c>. Null URIs come from the stage contract: <c>SLUICE_INPUT_DATA</c>,
/// optional <c>SLUICE_INPUT_SCHEMA</c> (check against it instead of inferring), <c>SLUICE_OUTPUT_SCHEMA</c>,
/// <c>SLUICE_OUTPUT_PROFILE</c>, optional <c>SLUICE_OUTPUT_REPORT</c>. <c>Target</c> names the label column
/// (else the checked schema's), recorded in the schema and profile so drift leaves it out.
/// </summary>
public sealed record ValidateOptions(
    string? Data,
    string? Schema,
    string? SchemaOut,
    string? ProfileOut,
    string? ReportOut,
    bool AllowAnomalies,
    string? Target = null);
