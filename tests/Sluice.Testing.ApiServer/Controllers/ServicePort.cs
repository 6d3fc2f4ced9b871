using System.Text.Json.Nodes;

namespace Sluice.Testing.ApiServer.Controllers;

/// <summary>
/// One entry of a Service's spec.ports as the controllers read it, with kube-apiserver's defaults applied when the
/// stored object lacks them (protocol TCP, targetPort = port: pkg/apis/core/v1/defaults.go SetDefaults_Service).
/// <see cref="TargetPort"/> is a JSON number (a port) or a JSON string (a container port name).
/// </summary>
internal sealed record ServicePort(string Name, long Port, string Protocol, JsonNode TargetPort, string? AppProtocol);
