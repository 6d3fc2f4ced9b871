using System.Buffers;
using System.Security.Cryptography;

namespace Sluice.Artifacts;

/// <summary>Copies a stream in fixed-size chunks while computing its sha256, so no object is ever held whole in memory.</summary>
internal static class HashingCopy
{
    private const int ChunkSize = 81920;

    /// <summary>Copies <paramref name="source"/> to <paramref name="destination"/> (or only hashes it when null).</summary>
    public static async Task<(string Sha256, long Length)> CopyAsync(Stream source, Stream? destination, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
        long length = 0;
        try
        {
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, ChunkSize), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                if (destination is not null)
                {
                    await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                }

                length += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return (Convert.ToHexStringLower(hash.GetHashAndReset()), length);
    }

    public static async Task<string> HashFileAsync(string path, CancellationToken cancellationToken)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, ChunkSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return (await CopyAsync(stream, null, cancellationToken)).Sha256;
    }

    /// <summary>A temp file that deletes itself when the returned stream is closed.</summary>
    public static FileStream CreateTempFile(string? directory = null)
    {
        var path = Path.Combine(directory ?? Path.GetTempPath(), $".sluice-{Guid.NewGuid():N}.tmp");
        return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, ChunkSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
    }
}
