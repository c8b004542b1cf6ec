// A read-only pass-through stream that keeps the CRC-32 (zip/PNG polynomial) and count of every
// byte read, so a zip member can be checked against its recorded CRC without a second buffer.

namespace Mnemos.Formats;

internal sealed class Crc32Stream(Stream inner) : Stream
{
    public uint Crc { get; private set; }

    public long BytesRead { get; private set; }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Crc = Crc32.Compute(buffer[..n], Crc);
        BytesRead += n;
        return n;
    }

    /// <summary>Reads what is left, stopping one byte past <paramref name="declared"/> in total; returns the total read.</summary>
    public long DrainAndCount(long declared)
    {
        Span<byte> sink = stackalloc byte[4096];
        while (BytesRead <= declared)
        {
            int want = (int)Math.Min(sink.Length, declared + 1 - BytesRead);
            if (Read(sink[..want]) == 0) break;
        }
        return BytesRead;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
