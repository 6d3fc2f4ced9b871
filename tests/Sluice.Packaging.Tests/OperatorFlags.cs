namespace Sluice.Packaging.Tests;

/// <summary>
/// The `sluice operator` command line, as HELPERS.md fixes it between the operator and the packaging:
/// flags that take a value, and switches.
/// </summary>
internal static class OperatorFlags
{
    private static readonly HashSet<string> WithValue =
    [
        "--kubeconfig", "--namespaces", "--leader-election-namespace", "--leader-election-id", "--metrics-bind-address",
        "--health-probe-bind-address", "--workers", "--default-artifact-endpoint", "--default-artifact-bucket",
        "--default-artifact-secret", "--step-image", "--serving-image",
    ];

    private static readonly HashSet<string> Switches = ["--leader-elect"];

    public static List<string> Check(IList<string> args)
    {
        var problems = new List<string>();
        if (args.Count == 0 || args[0] != "operator")
        {
            problems.Add("the first argument must be the command `operator`");
            return problems;
        }

        var seen = new HashSet<string>();
        for (var i = 1; i < args.Count; i++)
        {
            var flag = args[i];
            if (!seen.Add(flag))
            {
                problems.Add($"{flag} given twice");
            }

            if (Switches.Contains(flag))
            {
                continue;
            }

            if (!WithValue.Contains(flag))
            {
                problems.Add($"unknown flag {flag}");
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    i++;
                }

                continue;
            }

            if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal) || args[i + 1].Length == 0)
            {
                problems.Add($"{flag} has no value");
                continue;
            }

            i++;
        }

        return problems;
    }
}
