// GIF89a writer: logical screen, optional global table, NETSCAPE2.0 loop extension, then per
// frame a graphic control extension (delay, disposal 1 "leave in place", no transparency), a
// full-canvas image descriptor, optional local table and LZW data in 255-byte sub-blocks.
using System.Buffers.Binary;
using System.Text;

namespace Mnemos.Imaging;

internal static class GifEncoder
{
    public static void Encode(IReadOnlyList<GifFrame> frames, Stream destination, int loopCount)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(destination);
        if (frames.Count == 0) throw new ArgumentException("a GIF needs at least one frame", nameof(frames));
        int width = frames[0].Image.Width, height = frames[0].Image.Height;
        if (width > ushort.MaxValue || height > ushort.MaxValue)
            throw new ArgumentException($"frame size {width}x{height}: GIF allows at most 65535x65535", nameof(frames));
        for (int f = 0; f < frames.Count; f++)
        {
            var frame = frames[f];
            ArgumentNullException.ThrowIfNull(frame, nameof(frames));
            if (frame.Image.Width != width || frame.Image.Height != height)
                throw new ArgumentException($"frame {f} is {frame.Image.Width}x{frame.Image.Height} but frame 0 is {width}x{height}", nameof(frames));
            if (frame.DelayCentiseconds is < 0 or > ushort.MaxValue)
                throw new ArgumentOutOfRangeException(nameof(frames), $"frame {f} delay {frame.DelayCentiseconds} cs must be between 0 and 65535");
        }
        if (loopCount is < -1 or > ushort.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(loopCount), loopCount, "loop count must be -1 (no loop extension), 0 (forever) or up to 65535");

        var (global, plans) = GifPalette.Plan(frames.Select(f => f.Image).ToArray());
        destination.Write("GIF89a"u8);
        Span<byte> screen = stackalloc byte[7];
        BinaryPrimitives.WriteUInt16LittleEndian(screen, (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(screen[2..], (ushort)height);
        // Packed: global table flag, colour resolution 8 bits (7 << 4), unsorted, table size.
        screen[4] = (byte)(0x70 | (global is null ? 0 : 0x80 | (TableBits(global) - 1)));
        screen[5] = 0; // background colour index
        screen[6] = 0; // no aspect ratio
        destination.Write(screen);
        if (global is not null) WriteTable(destination, global);
        if (loopCount >= 0)
        {
            destination.Write([0x21, 0xFF, 11]);
            destination.Write(Encoding.ASCII.GetBytes("NETSCAPE2.0"));
            destination.Write([3, 1, (byte)loopCount, (byte)(loopCount >> 8), 0]);
        }

        Span<byte> descriptor = stackalloc byte[10];
        for (int f = 0; f < frames.Count; f++)
        {
            int delay = frames[f].DelayCentiseconds;
            // Graphic control: disposal 1 (leave in place) in bits 4-2, no transparency.
            destination.Write([0x21, 0xF9, 4, 1 << 2, (byte)delay, (byte)(delay >> 8), 0, 0]);
            var plan = plans[f];
            descriptor[0] = 0x2C;
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[1..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[3..], 0);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[5..], (ushort)width);
            BinaryPrimitives.WriteUInt16LittleEndian(descriptor[7..], (ushort)height);
            descriptor[9] = (byte)(plan.LocalPalette is null ? 0 : 0x80 | (TableBits(plan.LocalPalette) - 1));
            destination.Write(descriptor);
            if (plan.LocalPalette is not null) WriteTable(destination, plan.LocalPalette);

            int minCodeSize = Math.Max(2, TableBits(plan.LocalPalette ?? global!));
            destination.WriteByte((byte)minCodeSize);
            WriteSubBlocks(destination, GifLzw.Encode(plan.Indices, minCodeSize));
        }
        destination.WriteByte(0x3B);
    }

    /// <summary>Bits b with 2^b ≥ entries (at least 1); the stored table has 2^b entries.</summary>
    static int TableBits(byte[] rgb)
    {
        int entries = rgb.Length / 3, bits = 1;
        while (1 << bits < entries) bits++;
        return bits;
    }

    static void WriteTable(Stream destination, byte[] rgb)
    {
        destination.Write(rgb);
        int padding = 3 * (1 << TableBits(rgb)) - rgb.Length;
        for (int i = 0; i < padding; i++) destination.WriteByte(0);
    }

    static void WriteSubBlocks(Stream destination, ReadOnlySpan<byte> data)
    {
        for (int start = 0; start < data.Length; start += 255)
        {
            int n = Math.Min(255, data.Length - start);
            destination.WriteByte((byte)n);
            destination.Write(data.Slice(start, n));
        }
        destination.WriteByte(0);
    }
}
