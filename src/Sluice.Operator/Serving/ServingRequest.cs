using Sluice.Core.Api;
using Sluice.Operator.Resources;

namespace Sluice.Operator.Serving;

/// <summary>
/// One version's serving objects: the ModelVersion, how many server pods this step asks for, the image (the
/// operator's --serving-image unless spec.serving.image), and where the artifact store is (endpoint and the Secret
/// its credentials are read from, by reference only) with the root the request logs go under.
/// </summary>
internal sealed record ServingRequest(
    ModelVersionResource Version,
    int Replicas,
    string Image,
    string? S3Endpoint,
    CredentialsSecretReference? Credentials,
    string? RequestLogRoot);
