// Test helpers for the loaders: a stream that cannot seek (as a pipe or a gzip stream), gzip of a
// byte array, temporary files, and an allocation meter.
using System.IO.Compression;

namespace Mnemos.Tests.Data;

static class DataTestStreams
{
    /// <summary>Allocation a rejected malformed file may cost: small buffers, never the declared size.</summary>
    public const long MaxRejectAllocationBytes = 4L << 20;

    public static byte[] Gzip(byte[] raw)
    {
        var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(raw);
        return buffer.ToArray();
    }

    /// <summary>Bytes allocated on this thread while <paramref name="action"/> runs (it must throw <typeparamref name="T"/>).</summary>
    public static (T Error, long Allocated) MeasureThrows<T>(Action action) where T : Exception
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        T error = Assert.Throws<T>(action);
        return (error, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    public static string TempPath(string name) =>
        Path.Combine(Path.GetTempPath(), $"mnemos-data-tests-{Environment.ProcessId}-{Guid.NewGuid():N}-{name}");
}

/// <summary>Read-only view of a byte array that refuses to seek or report its length.</summary>
sealed class NonSeekableStream(byte[] bytes) : Stream
{
    readonly MemoryStream inner = new(bytes, writable: false);

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
    public override int Read(Span<byte> buffer) => inner.Read(buffer);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
