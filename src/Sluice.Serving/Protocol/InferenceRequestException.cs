namespace Sluice.Serving.Protocol;

/// <summary>The client sent something the model cannot take; becomes a 4xx with {"error": message}.</summary>
internal sealed class InferenceRequestException(string message, int statusCode = 400) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
