using System.Globalization;

namespace Sluice.Core.Validation;

/// <summary>
/// The name of a stage attempt's Job: <c>&lt;run&gt;-&lt;stage&gt;-&lt;attempt&gt;</c>, which must be a DNS-1123 label
/// (at most 63 characters). Runs the operator creates are named <c>&lt;pipeline&gt;-&lt;5 characters&gt;</c> and
/// attempts go up to retryStrategy.limit + 1 (at most 21, two digits), so a Pipeline is valid when
/// <c>len(pipeline) + len(stage) + 10 &lt;= 63</c> for every stage.
/// </summary>
public static class JobNames
{
    public const int RunSuffixLength = 5;
    public const int MaxAttemptDigits = 2;

    public static string For(string runName, string stageName, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{runName}-{stageName}-{attempt}");

    /// <summary>Length of the longest Job name a run of this Pipeline can create for the stage.</summary>
    public static int LongestForPipeline(string pipelineName, string stageName) =>
        pipelineName.Length + 1 + RunSuffixLength + 1 + stageName.Length + 1 + MaxAttemptDigits;

    /// <summary>Length of the longest Job name a run with this exact name can create for the stage.</summary>
    public static int LongestForRun(string runName, string stageName) =>
        runName.Length + 1 + stageName.Length + 1 + MaxAttemptDigits;
}
