namespace Sluice.Core.Api;

/// <summary>The API group and version every Sluice kind belongs to.</summary>
public static class ApiGroup
{
    public const string Group = "sluice.dev";
    public const string Version = "v1alpha1";
    public const string ApiVersion = Group + "/" + Version;
    public const string Category = "sluice";
}
