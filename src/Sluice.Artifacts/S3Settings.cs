namespace Sluice.Artifacts;

/// <summary>
/// How to reach S3: the endpoint (<c>http://host:port</c> or <c>https://...</c>; empty means AWS) and credentials.
/// <see cref="FromEnvironment"/> reads the stage contract: <c>SLUICE_S3_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c>.
/// </summary>
public sealed record S3Settings(string? Endpoint, string? AccessKey, string? SecretKey, string? Region = null, bool CreateBucket = false)
{
    public static S3Settings FromEnvironment(IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Get(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        return new S3Settings(Get("SLUICE_S3_ENDPOINT"), Get("AWS_ACCESS_KEY_ID"), Get("AWS_SECRET_ACCESS_KEY"), Get("AWS_REGION"));
    }

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"S3Settings {{ Endpoint = {Endpoint ?? "(aws)"}, AccessKey = {(AccessKey is null ? "(none)" : "***")} }}";
}
