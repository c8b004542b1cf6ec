// On-disk element types shared by the safetensors and .npy readers, and their conversion to
// float32. Everything on disk is little-endian; the conversion is the only place that knows it.
using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace Mnemos.Formats;

internal enum ElementType
{
    Bool,
    U8,
    I8,
    U16,
    I16,
    F16,
    BF16,
    U32,
    I32,
    F32,
    U64,
    I64,
    F64,
}

internal static class ElementTypes
{
    public static int Size(this ElementType type) => type switch
    {
        ElementType.Bool or ElementType.U8 or ElementType.I8 => 1,
        ElementType.U16 or ElementType.I16 or ElementType.F16 or ElementType.BF16 => 2,
        ElementType.U32 or ElementType.I32 or ElementType.F32 => 4,
        _ => 8,
    };

    /// <summary>
    /// Converts little-endian elements to float32: integers and F64 round to nearest (integers
    /// beyond 2^24 and doubles lose precision, as in numpy's astype), F16/BF16 widen exactly.
    /// </summary>
    public static void ToFloat(ElementType type, ReadOnlySpan<byte> source, Span<float> destination)
    {
        // source: destination.Length * type.Size() bytes
        int n = destination.Length;
        switch (type)
        {
            case ElementType.F32 when BitConverter.IsLittleEndian:
                MemoryMarshal.Cast<byte, float>(source[..(4 * n)]).CopyTo(destination);
                break;
            case ElementType.F32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadSingleLittleEndian(source[(4 * i)..]);
                break;
            case ElementType.F64:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(source[(8 * i)..]);
                break;
            case ElementType.F16:
                for (int i = 0; i < n; i++) destination[i] = (float)BinaryPrimitives.ReadHalfLittleEndian(source[(2 * i)..]);
                break;
            case ElementType.BF16:
                for (int i = 0; i < n; i++) destination[i] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]) << 16);
                break;
            case ElementType.Bool:
                for (int i = 0; i < n; i++) destination[i] = source[i] != 0 ? 1 : 0;
                break;
            case ElementType.U8:
                for (int i = 0; i < n; i++) destination[i] = source[i];
                break;
            case ElementType.I8:
                for (int i = 0; i < n; i++) destination[i] = (sbyte)source[i];
                break;
            case ElementType.U16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt16LittleEndian(source[(2 * i)..]);
                break;
            case ElementType.I16:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt16LittleEndian(source[(2 * i)..]);
                break;
            case ElementType.U32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt32LittleEndian(source[(4 * i)..]);
                break;
            case ElementType.I32:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt32LittleEndian(source[(4 * i)..]);
                break;
            case ElementType.U64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadUInt64LittleEndian(source[(8 * i)..]);
                break;
            case ElementType.I64:
                for (int i = 0; i < n; i++) destination[i] = BinaryPrimitives.ReadInt64LittleEndian(source[(8 * i)..]);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(type), type, "unknown element type");
        }
    }

    /// <summary>
    /// Reads destination.Length elements from the stream, converting chunk by chunk; with
    /// <paramref name="bigEndian"/> each element's bytes are reversed first.
    /// </summary>
    public static void Read(Stream stream, ElementType type, Span<float> destination, bool bigEndian = false)
    {
        if (type == ElementType.F32 && BitConverter.IsLittleEndian && !bigEndian)
        {
            stream.ReadExactly(MemoryMarshal.AsBytes(destination));
            return;
        }
        int size = type.Size();
        const int chunkElements = 1 << 16;
        byte[] buffer = new byte[Math.Min(destination.Length, chunkElements) * size];
        for (int start = 0; start < destination.Length; start += chunkElements)
        {
            int count = Math.Min(chunkElements, destination.Length - start);
            stream.ReadExactly(buffer, 0, count * size);
            if (bigEndian)
                for (int i = 0; i < count * size; i += size) buffer.AsSpan(i, size).Reverse();
            ToFloat(type, buffer.AsSpan(0, count * size), destination.Slice(start, count));
        }
    }

    /// <summary>Writes float32 values little-endian.</summary>
    public static void WriteF32(Stream stream, ReadOnlySpan<float> values)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(values));
            return;
        }
        Span<byte> bytes = stackalloc byte[4];
        foreach (float v in values)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes, v);
            stream.Write(bytes);
        }
    }

    /// <summary>
    /// The stream itself when it can seek (so its length bounds every allocation), otherwise a
    /// copy of its remaining bytes; the copy grows only with bytes actually read.
    /// </summary>
    public static Stream Seekable(Stream stream)
    {
        if (stream.CanSeek) return stream;
        var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return copy;
    }

    /// <summary>Product of non-negative dimensions, or null when it exceeds long.MaxValue.</summary>
    public static long? ElementCount(ReadOnlySpan<long> shape)
    {
        foreach (long dim in shape)
            if (dim == 0) return 0;
        long count = 1;
        foreach (long dim in shape)
        {
            if (count > long.MaxValue / dim) return null;
            count *= dim;
        }
        return count;
    }
}
