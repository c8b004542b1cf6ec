// Stream plumbing shared by the binary loaders (IDX, CIFAR-10, WAV): gzip detection by magic
// bytes, and reads that fail with InvalidDataException instead of returning short. Buffers grow
// with the bytes actually delivered, so a header that declares gigabytes cannot make us allocate
// them before the data is there.
using System.IO.Compression;

namespace Mnemos.Data;

internal static class IdxStreams
{
    /// <summary>First growth step for buffers whose final size comes from an untrusted header.</summary>
    internal const int InitialChunkBytes = 1 << 20;

    /// <summary>
    /// The decompressed view of <paramref name="raw"/>: a GZipStream when it starts with the gzip
    /// magic 1f 8b, else the bytes unchanged. The file extension is never consulted. Disposing the
    /// result never closes <paramref name="raw"/>.
    /// </summary>
    internal static Stream OpenMaybeGzip(Stream raw)
    {
        Span<byte> magic = stackalloc byte[2];
        int got = ReadAtMost(raw, magic);
        bool gzip = got == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        byte[] prefix = [];
        if (raw.CanSeek) raw.Seek(-got, SeekOrigin.Current);
        else prefix = magic[..got].ToArray();
        // The wrapper's Dispose leaves raw open: the caller owns it.
        Stream whole = new PrefixedStream(prefix, raw);
        return gzip ? new GZipStream(whole, CompressionMode.Decompress, leaveOpen: true) : whole;
    }

    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the count read.</summary>
    internal static int ReadAtMost(Stream stream, Span<byte> buffer)
    {
        int total = 0;
        while (total < buffer.Length)
        {
            int n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    /// <summary>
    /// Reads exactly <paramref name="count"/> bytes into a buffer that grows geometrically from
    /// <see cref="InitialChunkBytes"/>, so a truncated stream costs at most about twice what it held.
    /// <paramref name="truncated"/> builds the error message from the number of bytes that did arrive.
    /// </summary>
    internal static byte[] ReadExactlyGrowing(Stream stream, long count, Func<long, string> truncated)
    {
        if (count > Array.MaxLength) throw new InvalidDataException(truncated(-1));
        var buffer = new byte[(int)Math.Min(count, InitialChunkBytes)];
        long filled = 0;
        while (filled < count)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(count, 2L * buffer.Length));
            int n = stream.Read(buffer, (int)filled, buffer.Length - (int)filled);
            if (n == 0) throw new InvalidDataException(truncated(filled));
            filled += n;
        }
        return buffer;
    }

    /// <summary>
    /// Reads until the stream ends or <paramref name="maxCount"/> bytes have arrived, growing the
    /// buffer as bytes arrive; returns exactly the bytes read.
    /// </summary>
    internal static byte[] ReadUpToGrowing(Stream stream, long maxCount)
    {
        maxCount = Math.Min(maxCount, Array.MaxLength);
        var buffer = new byte[(int)Math.Min(maxCount, InitialChunkBytes)];
        long filled = 0;
        while (filled < maxCount)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, (int)Math.Min(maxCount, 2L * buffer.Length));
            int n = stream.Read(buffer, (int)filled, buffer.Length - (int)filled);
            if (n == 0) break;
            filled += n;
        }
        if (filled != buffer.Length) Array.Resize(ref buffer, (int)filled);
        return buffer;
    }

    /// <summary>Runs <paramref name="read"/>, turning a corrupt-gzip error into one that names the source.</summary>
    internal static T Wrap<T>(string source, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (InvalidDataException e) when (!e.Message.StartsWith(source + ":", StringComparison.Ordinal))
        {
            throw new InvalidDataException($"{source}: corrupt compressed data: {e.Message}", e);
        }
    }

    /// <summary>A read-only stream that replays a few already-consumed bytes before the rest.</summary>
    sealed class PrefixedStream(byte[] prefix, Stream rest) : Stream
    {
        int position;

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            if (position < prefix.Length)
            {
                int n = Math.Min(buffer.Length, prefix.Length - position);
                prefix.AsSpan(position, n).CopyTo(buffer);
                position += n;
                return n;
            }
            return rest.Read(buffer);
        }

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
}
