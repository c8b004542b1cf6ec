// The variable-length LZW code of GIF89a (spec Appendix F): codes packed least-significant bit
// first, a clear code 2^m and an end code 2^m + 1 for minimum code size m, code width growing
// from m + 1 to 12 bits. The encoder emits a clear code whenever the 4096-entry table is full.
// This is the raw code stream; sub-block framing is the caller's business.
using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace Mnemos.Imaging;

/// <summary>What a decode saw: pixels produced, clear codes read, widest code width, end code present.</summary>
internal readonly record struct LzwStats(int Pixels, int ClearCodes, int MaxCodeSize, bool SawEndCode);

internal static class GifLzw
{
    public const int MaxCodeSize = 12;
    const int TableSize = 1 << MaxCodeSize;

    /// <summary>Encodes palette indices (each below 2^<paramref name="minCodeSize"/>) into a code stream.</summary>
    public static byte[] Encode(ReadOnlySpan<byte> indices, int minCodeSize)
    {
        Debug.Assert(minCodeSize is >= 2 and <= 8 && indices.Length > 0);
        int clear = 1 << minCodeSize;
        var writer = new BitWriter();
        var table = new Dictionary<int, int>(TableSize);
        int codeSize = minCodeSize + 1;
        int next = clear + 2;
        writer.Write(clear, codeSize);
        int prefix = indices[0];
        for (int i = 1; i < indices.Length; i++)
        {
            int symbol = indices[i];
            Debug.Assert(symbol < clear);
            int key = (prefix << 8) | symbol;
            if (table.TryGetValue(key, out int code))
            {
                prefix = code;
                continue;
            }
            writer.Write(prefix, codeSize);
            if (next < TableSize)
            {
                // The decoder learns this entry one code later; widen as soon as the newest code
                // needs the extra bit, which is exactly when the decoder's next free code does.
                table[key] = next;
                if (next == 1 << codeSize) codeSize++;
                next++;
            }
            else
            {
                writer.Write(clear, codeSize);
                table.Clear();
                codeSize = minCodeSize + 1;
                next = clear + 2;
            }
            prefix = symbol;
        }
        writer.Write(prefix, codeSize);
        // Reading that last code, the decoder adds the entry it still lags by and may widen: the
        // end code must be written at the width the decoder will then read.
        if (next == 1 << codeSize && codeSize < MaxCodeSize) codeSize++;
        writer.Write(clear + 1, codeSize);
        return writer.ToArray();
    }

    /// <summary>
    /// Decodes a code stream into at most <paramref name="pixelCount"/> indices. The buffer grows
    /// with the output actually produced, so a small stream never causes a large allocation.
    /// Stops at the end code, when the frame is full (anything after it, e.g. a missing end code's
    /// padding, is ignored) or when the data runs out; the caller checks <see cref="LzwStats.Pixels"/>.
    /// Throws on undefined codes and on a code whose string runs past <paramref name="pixelCount"/>.
    /// </summary>
    public static byte[] Decode(ReadOnlySpan<byte> data, int minCodeSize, int pixelCount, out LzwStats stats)
    {
        Debug.Assert(minCodeSize is >= 2 and <= 8 && pixelCount > 0);
        int clear = 1 << minCodeSize, end = clear + 1;
        var prefix = new short[TableSize];
        var suffix = new byte[TableSize];
        var first = new byte[TableSize];
        var length = new int[TableSize];
        for (int i = 0; i < clear; i++)
        {
            suffix[i] = first[i] = (byte)i;
            length[i] = 1;
        }

        var output = new byte[Math.Min(pixelCount, 1 << 16)];
        int filled = 0, clears = 0, codeSize = minCodeSize + 1, maxCodeSize = codeSize, next = clear + 2, previous = -1;
        bool sawEnd = false;
        var reader = new BitReader(data);
        while (reader.TryRead(codeSize, out int code))
        {
            if (code == clear)
            {
                clears++;
                codeSize = minCodeSize + 1;
                next = clear + 2;
                previous = -1;
                continue;
            }
            if (code == end)
            {
                sawEnd = true;
                break;
            }
            if (previous < 0)
            {
                if (code >= clear) Fail($"LZW code {code} starts a table but only literals below {clear} can");
            }
            else if (code > next || (code == next && next == TableSize))
            {
                Fail($"LZW code {code} is not defined yet (next free code is {next})");
            }
            else if (next < TableSize)
            {
                // New entry: previous string + first byte of this one (of previous itself when code == next).
                prefix[next] = (short)previous;
                suffix[next] = code == next ? first[previous] : first[code];
                first[next] = first[previous];
                length[next] = length[previous] + 1;
                next++;
                if (next == 1 << codeSize && codeSize < MaxCodeSize) codeSize++;
                maxCodeSize = Math.Max(maxCodeSize, codeSize);
            }

            int n = length[code];
            if (n > pixelCount - filled) Fail($"LZW data decodes to more than the {pixelCount} pixels of the frame");
            if (filled + n > output.Length) Array.Resize(ref output, (int)Math.Min(pixelCount, Math.Max(2L * output.Length, filled + n)));
            for (int k = filled + n - 1, c = code; k >= filled; k--, c = prefix[c]) output[k] = suffix[c];
            filled += n;
            previous = code;
            if (filled == pixelCount)
            {
                // Frame complete: note whether the end code follows, ignore whatever else does.
                sawEnd = reader.TryRead(codeSize, out int last) && last == end;
                break;
            }
        }
        stats = new LzwStats(filled, clears, maxCodeSize, sawEnd);
        return output;
    }

    [DoesNotReturn]
    static void Fail(string message) => ImageFile.Fail("GIF", message);

    /// <summary>Packs codes LSB first into bytes.</summary>
    sealed class BitWriter
    {
        readonly MemoryStream bytes = new();
        uint buffer;
        int bits;

        public void Write(int code, int width)
        {
            buffer |= (uint)code << bits;
            bits += width;
            while (bits >= 8)
            {
                bytes.WriteByte((byte)buffer);
                buffer >>= 8;
                bits -= 8;
            }
        }

        public byte[] ToArray()
        {
            if (bits > 0) bytes.WriteByte((byte)buffer);
            bits = 0;
            buffer = 0;
            return bytes.ToArray();
        }
    }

    /// <summary>Reads LSB-first codes; TryRead fails when fewer than <c>width</c> bits remain.</summary>
    ref struct BitReader(ReadOnlySpan<byte> data)
    {
        readonly ReadOnlySpan<byte> data = data;
        int position;
        uint buffer;
        int bits;

        public bool TryRead(int width, out int code)
        {
            while (bits < width)
            {
                if (position == data.Length)
                {
                    code = 0;
                    return false;
                }
                buffer |= (uint)data[position++] << bits;
                bits += 8;
            }
            code = (int)(buffer & ((1u << width) - 1));
            buffer >>= width;
            bits -= width;
            return true;
        }
    }
}
