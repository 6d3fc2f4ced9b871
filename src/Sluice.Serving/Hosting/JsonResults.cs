using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Serving.Hosting;

/// <summary>Writes JSON bodies straight to the response, without MVC formatters.</summary>
internal static class JsonResults
{
    // One buffer and writer per thread, used only before the first await: the body is copied into the response
    // pipe synchronously, so no two requests ever share them.
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private const int MaxRetainedBufferBytes = 1 << 20;

    // application/json bodies, never inlined into HTML: only what JSON itself requires is escaped (quotes,
    // backslashes, control characters), so "1.0.0+abc", "<=50K" and "é" read as written.
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Task WriteAsync(HttpContext context, int status, Action<Utf8JsonWriter> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";

        // Buffered so the response carries Content-Length (no chunked framing) and goes out in one write.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        body(writer);
        writer.Flush();
        context.Response.ContentLength = buffer.WrittenCount;
        context.Response.BodyWriter.Write(buffer.WrittenSpan);
        if (buffer.Capacity > MaxRetainedBufferBytes)
        {
            t_buffer = null;
            t_writer = null;
        }

        return context.Response.BodyWriter.FlushAsync().AsTask();
    }

    public static Task ErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteEndObject();
        });
}
