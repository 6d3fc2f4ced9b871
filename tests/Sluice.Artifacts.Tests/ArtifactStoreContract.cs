using System.Security.Cryptography;
using System.Text;

namespace Sluice.Artifacts.Tests;

/// <summary>The behaviour every artifact store must have; run against the local directory and a real s3rver.</summary>
public abstract class ArtifactStoreContract
{
    protected abstract IArtifactStore Store { get; }

    /// <summary>Overwrites the stored bytes of a key behind the store's back, keeping the recorded sha256.</summary>
    protected abstract Task CorruptAsync(string key);

    private static CancellationToken Deadline() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;

    [Fact]
    public async Task Put_then_get_returns_the_same_bytes_and_sha256()
    {
        var data = RandomNumberGenerator.GetBytes(300_000);
        var key = ArtifactKeys.For("team-a", "churn", "run-1", "train", "model.onnx");
        var put = await Store.PutAsync(key, new MemoryStream(data), Deadline());

        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(data)), put.Sha256);
        Assert.Equal(data.Length, put.Size);
        await using var read = await Store.GetAsync(key, Deadline());
        var copy = new MemoryStream();
        await read.CopyToAsync(copy);
        Assert.Equal(data, copy.ToArray());
    }

    [Fact]
    public async Task Stat_reports_size_and_sha256_and_missing_keys_are_null()
    {
        await Store.PutAsync("stat/a.txt", new MemoryStream("hello"u8.ToArray()), Deadline());
        var stat = await Store.StatAsync("stat/a.txt", Deadline());

        Assert.NotNull(stat);
        Assert.Equal(5, stat.Size);
        Assert.Equal("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", stat.Sha256);
        Assert.EndsWith("stat/a.txt", stat.Uri, StringComparison.Ordinal);
        Assert.Null(await Store.StatAsync("stat/missing.txt", Deadline()));
        Assert.True(await Store.ExistsAsync("stat/a.txt", Deadline()));
        Assert.False(await Store.ExistsAsync("stat/missing.txt", Deadline()));
    }

    [Fact]
    public async Task Get_of_a_missing_key_names_it()
    {
        var e = await Assert.ThrowsAsync<ArtifactNotFoundException>(() => Store.GetAsync("nowhere/x.csv", Deadline()));
        Assert.Contains("nowhere/x.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_returns_objects_under_a_prefix_in_key_order_without_checksum_sidecars()
    {
        foreach (var name in new[] { "list/b.csv", "list/a.csv", "list/sub/c.json", "other/d.csv" })
        {
            await Store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(name)), Deadline());
        }

        var keys = new List<string>();
        await foreach (var item in Store.ListAsync("list/", Deadline()))
        {
            keys.Add(item.Key);
            Assert.Equal(64, item.Sha256.Length);
        }

        Assert.Equal(["list/a.csv", "list/b.csv", "list/sub/c.json"], keys);
    }

    [Theory]
    [InlineData("keys/", new[] { "keys/a.csv", "keys/b.csv", "keys/sub/c.json" })]
    [InlineData("keys/sub/", new[] { "keys/sub/c.json" })]
    [InlineData("keys/b", new[] { "keys/b.csv" })]
    [InlineData("keys/none/", new string[0])]
    public async Task Keys_are_listed_under_a_prefix_in_key_order_without_checksum_sidecars(string prefix, string[] expected)
    {
        foreach (var name in new[] { "keys/b.csv", "keys/a.csv", "keys/sub/c.json", "keysother/d.csv", "other/e.csv" })
        {
            await Store.PutAsync(name, new MemoryStream(Encoding.UTF8.GetBytes(name)), Deadline());
        }

        var keys = new List<string>();
        await foreach (var key in Store.ListKeysAsync(prefix, Deadline()))
        {
            keys.Add(key);
        }

        Assert.Equal(expected, keys);
    }

    [Fact]
    public async Task Overwriting_replaces_content_and_checksum()
    {
        await Store.PutAsync("over/x", new MemoryStream("first"u8.ToArray()), Deadline());
        await Store.PutAsync("over/x", new MemoryStream("second version"u8.ToArray()), Deadline());

        await using var read = await Store.GetAsync("over/x", Deadline());
        Assert.Equal("second version", await new StreamReader(read).ReadToEndAsync());
    }

    [Fact]
    public async Task Corrupted_content_fails_the_read_with_an_integrity_error_naming_the_key()
    {
        await Store.PutAsync("corrupt/data.csv", new MemoryStream("a,b\n1,2\n"u8.ToArray()), Deadline());
        await CorruptAsync("corrupt/data.csv");

        var e = await Assert.ThrowsAsync<ArtifactIntegrityException>(() => Store.GetAsync("corrupt/data.csv", Deadline()));
        Assert.Contains("corrupt/data.csv", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_writer_leaves_no_object_under_the_final_name()
    {
        var failing = new FailingStream(100_000);
        await Assert.ThrowsAnyAsync<Exception>(() => Store.PutAsync("partial/out.bin", failing, Deadline()));

        Assert.False(await Store.ExistsAsync("partial/out.bin", Deadline()));
        await foreach (var item in Store.ListAsync("partial/", Deadline()))
        {
            Assert.Fail($"unexpected object {item.Key}");
        }
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/../../b")]
    [InlineData("")]
    [InlineData("x.sha256")]
    public async Task Bad_keys_are_rejected(string key)
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PutAsync(key, new MemoryStream([1]), Deadline()));
    }

    /// <summary>Yields some bytes, then fails as a dropped connection or killed producer would.</summary>
    private sealed class FailingStream(int failAfter) : Stream
    {
        private int _position;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= failAfter)
            {
                throw new IOException("producer died");
            }

            var n = Math.Min(count, failAfter - _position);
            Array.Fill(buffer, (byte)'x', offset, n);
            _position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
