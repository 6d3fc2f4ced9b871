using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Hosting;

/// <summary>Reads a JSON body with a size cap: too large is 413, not JSON is 400.</summary>
internal static class RequestBodyReader
{
    public static async Task<JsonDocument> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw new InferenceRequestException($"the request body is {request.ContentLength} bytes; the limit is {maxBytes}", 413);
        }

        var reader = request.BodyReader;
        while (true)
        {
            ReadResult result;
            try
            {
                result = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (BadHttpRequestException ex)
            {
                throw new InferenceRequestException($"the request body could not be read: {ex.Message}", ex.StatusCode == 413 ? 413 : 400);
            }

            if (result.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                throw new InferenceRequestException($"the request body is more than {maxBytes} bytes", 413);
            }

            if (result.IsCompleted)
            {
                try
                {
                    return Parse(result.Buffer);
                }
                finally
                {
                    reader.AdvanceTo(result.Buffer.End);
                }
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static JsonDocument Parse(ReadOnlySequence<byte> body)
    {
        if (body.IsEmpty)
        {
            throw new InferenceRequestException("the request body is empty; send a JSON object with \"inputs\"");
        }

        try
        {
            return JsonDocument.Parse(body.ToArray().AsMemory(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InferenceRequestException($"the request body is not valid JSON ({ex.Message})");
        }
    }
}
