using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Sluice.Serving.Protocol;

namespace Sluice.Serving.Hosting;

/// <summary>Reads a body with a size cap (too large is 413) and parses it as JSON (not JSON is 400).</summary>
internal static class RequestBodyReader
{
    public static async Task<byte[]> ReadAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
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
                var body = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return body;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    /// <summary>JSON is UTF-8: anything else is 400, before a parser meets it inside a string.</summary>
    public static void EnsureUtf8(byte[] body)
    {
        if (!System.Text.Unicode.Utf8.IsValid(body))
        {
            // Only on the error path: find where, so the client can see which value it mis-encoded.
            System.Text.Unicode.Utf8.ToUtf16(body, new char[body.Length], out var valid, out _, replaceInvalidSequences: false);
            throw new InferenceRequestException($"the request body is not valid UTF-8 (at byte {valid}); JSON must be sent as UTF-8");
        }
    }

    /// <summary>The body as a JSON document: empty or not JSON is 400.</summary>
    public static JsonDocument Parse(byte[] body)
    {
        if (body.Length == 0)
        {
            throw new InferenceRequestException("the request body is empty; send a JSON object with \"inputs\"");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.AsMemory(), new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw new InferenceRequestException($"the request body is not valid JSON ({ex.Message})");
        }

        try
        {
            UnicodeEscapes.Check(body, document.RootElement);
            return document;
        }
        catch
        {
            document.Dispose();
            throw;
        }
    }
}
