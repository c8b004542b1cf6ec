// PNG writer for 8-bit gray (colour type 0), RGB (2) and RGBA (6), non-interlaced. Each row gets
// the filter whose output has the smallest sum of |byte as signed| (the heuristic the PNG spec
// recommends); the filtered stream is zlib-compressed and split into IDAT chunks of 64 KiB.
using System.Buffers.Binary;
using System.IO.Compression;
using Mnemos.Formats;

namespace Mnemos.Imaging;

internal static class PngEncoder
{
    const int IdatChunkSize = 1 << 16;
    static ReadOnlySpan<byte> Signature => [137, 80, 78, 71, 13, 10, 26, 10];

    /// <summary>Writes <paramref name="image"/>; <paramref name="fixedFilter"/> (0–4) forces one filter on every row.</summary>
    public static void Encode(Image image, Stream destination, int? fixedFilter = null)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(destination);
        int c = image.Channels;
        int rowBytes = image.Width * c;
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            var prior = new byte[rowBytes];
            var row = new byte[rowBytes];
            var scratch = new byte[rowBytes];
            var best = new byte[rowBytes];
            for (int y = 0; y < image.Height; y++)
            {
                ReadOnlySpan<float> source = image.Pixels.AsSpan(y * rowBytes, rowBytes);
                for (int i = 0; i < rowBytes; i++) row[i] = Image.ToByte(source[i]);
                int filter = fixedFilter ?? ChooseFilter(row, prior, c, scratch);
                PngFilters.Filter(filter, row, prior, c, best);
                zlib.WriteByte((byte)filter);
                zlib.Write(best);
                (prior, row) = (row, prior);
            }
        }

        destination.Write(Signature);
        Span<byte> ihdr = stackalloc byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(ihdr, (uint)image.Width);
        BinaryPrimitives.WriteUInt32BigEndian(ihdr[4..], (uint)image.Height);
        ihdr[8] = 8;
        ihdr[9] = c switch { 1 => 0, 3 => 2, _ => 6 };
        ihdr[10] = ihdr[11] = ihdr[12] = 0; // deflate, adaptive filtering, no interlace
        WriteChunk(destination, "IHDR", ihdr);
        ReadOnlySpan<byte> data = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
        for (int start = 0; start < data.Length; start += IdatChunkSize)
            WriteChunk(destination, "IDAT", data.Slice(start, Math.Min(IdatChunkSize, data.Length - start)));
        WriteChunk(destination, "IEND", []);
    }

    /// <summary>The filter type (0–4) minimising Σ|filtered byte as sbyte|; ties go to the lower type.</summary>
    internal static int ChooseFilter(ReadOnlySpan<byte> row, ReadOnlySpan<byte> prior, int bpp, Span<byte> scratch)
    {
        int bestType = 0;
        long bestCost = long.MaxValue;
        for (int type = 0; type <= 4; type++)
        {
            PngFilters.Filter(type, row, prior, bpp, scratch);
            long cost = 0;
            foreach (byte b in scratch) cost += Math.Abs((int)(sbyte)b);
            if (cost < bestCost)
            {
                bestCost = cost;
                bestType = type;
            }
        }
        return bestType;
    }

    /// <summary>length (big-endian) | type | data | CRC-32 of type and data.</summary>
    internal static void WriteChunk(Stream destination, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> head = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32BigEndian(head, (uint)data.Length);
        for (int i = 0; i < 4; i++) head[4 + i] = (byte)type[i];
        uint crc = Crc32.Compute(data, Crc32.Compute(head[4..]));
        Span<byte> tail = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(tail, crc);
        destination.Write(head);
        destination.Write(data);
        destination.Write(tail);
    }
}
