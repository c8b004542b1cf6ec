// GIF87a/89a reader: header and logical screen, colour tables, extensions (graphic control,
// NETSCAPE2.0 loop count; others skipped), image blocks (LZW in sub-blocks, interlace), and
// compositing with transparency and disposal onto the screen. Every failure is an
// InvalidDataException "GIF: ..." naming the problem and the offending value.
using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Mnemos.Formats;

namespace Mnemos.Imaging;

internal static class GifDecoder
{
    /// <summary>Graphic control state that applies to the next image block only.</summary>
    record struct Control(int Disposal, int Delay, int Transparent);

    /// <summary>Decodes a GIF whose logical screen has at most <paramref name="maxCanvasPixels"/> pixels (checked before any pixel is decoded).</summary>
    public static GifAnimation Decode(ReadOnlySpan<byte> data, long maxCanvasPixels)
    {
        var r = new Reader(data);
        var magic = r.Bytes(6, "header");
        if (!magic.SequenceEqual("GIF87a"u8) && !magic.SequenceEqual("GIF89a"u8))
            Fail($"wrong magic {FileText.Quote(magic)}, expected 'GIF87a' or 'GIF89a'");
        var screen = r.Bytes(7, "logical screen descriptor");
        int width = BinaryPrimitives.ReadUInt16LittleEndian(screen), height = BinaryPrimitives.ReadUInt16LittleEndian(screen[2..]);
        if (width == 0 || height == 0) Fail($"logical screen {width}x{height} has a zero dimension");
        if ((long)width * height > maxCanvasPixels)
            Fail($"logical screen {width}x{height} has {(long)width * height} pixels, more than the limit {maxCanvasPixels}");
        byte[]? global = (screen[4] & 0x80) != 0 ? r.Bytes(3 * (2 << (screen[4] & 7)), "global colour table").ToArray() : null;
        int backgroundIndex = screen[5];
        var background = new float[3];
        if (global is not null && 3 * backgroundIndex < global.Length)
        {
            for (int k = 0; k < 3; k++) background[k] = global[3 * backgroundIndex + k] / 255f;
        }

        var frames = new List<GifFrame>();
        var control = new Control(0, 0, -1);
        int loopCount = -1;
        float[]? canvas = null;
        long totalPixels = 0;
        while (true)
        {
            int introducer = r.Byte("block introducer (file truncated before the 0x3B trailer?)");
            if (introducer == 0x3B) break;
            if (introducer == 0x21)
            {
                int label = r.Byte("extension label");
                if (label == 0xF9) control = ReadControl(ref r);
                else if (label == 0xFF) loopCount = ReadApplication(ref r, loopCount);
                else r.SkipSubBlocks($"extension 0x{label:X2}");
                continue;
            }
            if (introducer != 0x2C) Fail($"unknown block introducer 0x{introducer:X2} at offset {r.Position - 1}");

            int index = frames.Count;
            totalPixels += (long)width * height;
            if (totalPixels > Gif.MaxTotalPixels)
                Fail($"frame {index}: decoded frames would hold {totalPixels} canvas pixels, more than the limit {Gif.MaxTotalPixels}");
            byte[] indices = ReadImage(ref r, index, global, out var rect, out byte[] table);
            if (canvas is null)
            {
                canvas = new float[3 * width * height];
                for (int i = 0; i < canvas.Length; i++) canvas[i] = background[i % 3];
            }
            float[]? saved = control.Disposal == 3 ? (float[])canvas.Clone() : null;
            Draw(canvas, width, height, indices, rect, table, control.Transparent, index);
            frames.Add(new GifFrame(new Image(width, height, 3, (float[])canvas.Clone()), control.Delay));
            if (control.Disposal == 2) Fill(canvas, width, height, rect, background);
            else if (saved is not null) canvas = saved;
            control = new Control(0, 0, -1);
        }
        if (frames.Count == 0) Fail("no image block before the trailer");
        return new GifAnimation(width, height, frames, loopCount);
    }

    static Control ReadControl(ref Reader r)
    {
        int size = r.Byte("graphic control extension");
        if (size < 4) Fail($"graphic control extension block has {size} bytes, expected 4");
        var block = r.Bytes(size, "graphic control extension");
        r.SkipSubBlocks("graphic control extension");
        int disposal = (block[0] >> 2) & 7;
        int delay = BinaryPrimitives.ReadUInt16LittleEndian(block[1..]);
        int transparent = (block[0] & 1) != 0 ? block[3] : -1;
        return new Control(disposal, delay, transparent);
    }

    /// <summary>NETSCAPE2.0 (or ANIMEXTS1.0) sub-block 1 carries the loop count; other applications are skipped.</summary>
    static int ReadApplication(ref Reader r, int loopCount)
    {
        int size = r.Byte("application extension");
        var identifier = r.Bytes(size, "application extension");
        bool looping = size == 11 && (identifier.SequenceEqual("NETSCAPE2.0"u8) || identifier.SequenceEqual("ANIMEXTS1.0"u8));
        while (true)
        {
            int n = r.Byte("application extension sub-block");
            if (n == 0) return loopCount;
            var block = r.Bytes(n, "application extension sub-block");
            if (looping && n >= 3 && block[0] == 1) loopCount = BinaryPrimitives.ReadUInt16LittleEndian(block[1..]);
        }
    }

    /// <summary>Reads one image block and returns its palette indices in display row order.</summary>
    static byte[] ReadImage(ref Reader r, int index, byte[]? global, out (int X, int Y, int W, int H) rect, out byte[] table)
    {
        var d = r.Bytes(9, "image descriptor");
        rect = (BinaryPrimitives.ReadUInt16LittleEndian(d), BinaryPrimitives.ReadUInt16LittleEndian(d[2..]),
                BinaryPrimitives.ReadUInt16LittleEndian(d[4..]), BinaryPrimitives.ReadUInt16LittleEndian(d[6..]));
        if (rect.W == 0 || rect.H == 0) Fail($"frame {index} is {rect.W}x{rect.H}, a zero dimension");
        if ((long)rect.W * rect.H > Gif.MaxCanvasPixels)
            Fail($"frame {index} is {rect.W}x{rect.H}, more than the limit of {Gif.MaxCanvasPixels} pixels");
        bool interlaced = (d[8] & 0x40) != 0;
        byte[]? local = (d[8] & 0x80) != 0 ? r.Bytes(3 * (2 << (d[8] & 7)), $"frame {index} local colour table").ToArray() : null;
        table = local ?? global ?? Throw<byte[]>($"frame {index} has no colour table (neither local nor global)");
        int minCodeSize = r.Byte($"frame {index} LZW minimum code size");
        if (minCodeSize is < 2 or > 8) Fail($"frame {index} LZW minimum code size {minCodeSize}, expected 2-8");
        byte[] compressed = r.SubBlocks($"frame {index} image data");
        int pixelCount = rect.W * rect.H;
        byte[] indices = GifLzw.Decode(compressed, minCodeSize, pixelCount, out var stats);
        if (stats.Pixels < pixelCount)
            Fail($"frame {index}: LZW data ends after {stats.Pixels} of {pixelCount} pixels ({rect.W}x{rect.H})");
        return interlaced ? Deinterlace(indices, rect.W, rect.H) : indices;
    }

    /// <summary>Stored rows come in four passes: every 8th row from 0, every 8th from 4, every 4th from 2, every 2nd from 1.</summary>
    static byte[] Deinterlace(byte[] stored, int w, int h)
    {
        var rows = new byte[stored.Length];
        int k = 0;
        foreach (var (start, step) in new[] { (0, 8), (4, 8), (2, 4), (1, 2) })
        {
            for (int y = start; y < h; y += step, k++) Array.Copy(stored, k * w, rows, y * w, w);
        }
        return rows;
    }

    static void Draw(float[] canvas, int width, int height, byte[] indices, (int X, int Y, int W, int H) rect, byte[] table, int transparent, int frame)
    {
        int entries = table.Length / 3;
        for (int y = 0; y < rect.H && rect.Y + y < height; y++)
        {
            for (int x = 0; x < rect.W && rect.X + x < width; x++)
            {
                int i = indices[y * rect.W + x];
                if (i == transparent) continue;
                if (i >= entries) Fail($"frame {frame}: palette index {i} at ({rect.X + x}, {rect.Y + y}) is outside the {entries}-entry colour table");
                int o = 3 * ((rect.Y + y) * width + rect.X + x);
                canvas[o] = table[3 * i] / 255f;
                canvas[o + 1] = table[3 * i + 1] / 255f;
                canvas[o + 2] = table[3 * i + 2] / 255f;
            }
        }
    }

    static void Fill(float[] canvas, int width, int height, (int X, int Y, int W, int H) rect, float[] color)
    {
        for (int y = rect.Y; y < rect.Y + rect.H && y < height; y++)
        {
            for (int x = rect.X; x < rect.X + rect.W && x < width; x++)
            {
                for (int k = 0; k < 3; k++) canvas[3 * (y * width + x) + k] = color[k];
            }
        }
    }

    [DoesNotReturn]
    static void Fail(string message) => ImageFile.Fail("GIF", message);

    [DoesNotReturn]
    static T Throw<T>(string message)
    {
        Fail(message);
        return default;
    }

    /// <summary>Bounds-checked cursor; running out of data names what was being read.</summary>
    ref struct Reader(ReadOnlySpan<byte> data)
    {
        readonly ReadOnlySpan<byte> data = data;
        public int Position { get; private set; }

        public ReadOnlySpan<byte> Bytes(int count, string what)
        {
            if (count > data.Length - Position)
                Fail($"file ends inside the {what} at offset {Position}: needs {count} bytes, {data.Length - Position} left (truncated?)");
            var slice = data.Slice(Position, count);
            Position += count;
            return slice;
        }

        public int Byte(string what) => Bytes(1, what)[0];

        public void SkipSubBlocks(string what)
        {
            for (int n = Byte(what); n != 0; n = Byte(what)) Bytes(n, what);
        }

        /// <summary>Concatenated data of a sub-block chain; its size is bounded by the file size.</summary>
        public byte[] SubBlocks(string what)
        {
            using var buffer = new MemoryStream();
            for (int n = Byte(what); n != 0; n = Byte(what)) buffer.Write(Bytes(n, what));
            return buffer.ToArray();
        }
    }
}
