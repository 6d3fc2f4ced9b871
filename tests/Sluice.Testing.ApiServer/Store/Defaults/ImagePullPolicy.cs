namespace Sluice.Testing.ApiServer.Store.Defaults;

/// <summary>
/// The default imagePullPolicy of a container (SetDefaults_Container in pkg/apis/core/v1/defaults.go): Always when
/// the image's tag is "latest", IfNotPresent otherwise. parsers.ParseImageName gives an image with neither tag nor
/// digest the tag "latest", and an unparseable name (e.g. an upper-case repository) no tag at all.
/// </summary>
internal static class ImagePullPolicy
{
    public static string For(string image) => TagOf(image) == "latest" ? "Always" : "IfNotPresent";

    public static string TagOf(string image)
    {
        if (image.Length == 0 || image.Any(char.IsWhiteSpace))
        {
            return "";
        }
        var at = image.IndexOf('@', StringComparison.Ordinal);
        var name = at >= 0 ? image[..at] : image;
        var hasDigest = at >= 0;
        var lastSlash = name.LastIndexOf('/');
        var colon = name.IndexOf(':', lastSlash + 1);
        var tag = colon >= 0 ? name[(colon + 1)..] : "";
        var repository = colon >= 0 ? name[..colon] : name;
        if (!IsLowerCasePath(repository))
        {
            return "";
        }
        return tag.Length == 0 && !hasDigest ? "latest" : tag;
    }

    /// <summary>The path after the registry host must be lower case (docker reference grammar); a host may not be.</summary>
    private static bool IsLowerCasePath(string repository)
    {
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        var first = slash >= 0 ? repository[..slash] : "";
        var isHost = slash >= 0 && (first.Contains('.', StringComparison.Ordinal) || first.Contains(':', StringComparison.Ordinal)
            || first == "localhost" || first.Any(char.IsUpper));
        var path = isHost ? repository[(slash + 1)..] : repository;
        return path.Length > 0 && !path.Any(char.IsUpper);
    }
}
