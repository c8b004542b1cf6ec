// numpy interchange: .npy arrays (format v1/v2/v3, C or Fortran order, either byte order, numeric
// dtypes) read into a float32 Matrix, and float32 matrices written as numpy.save writes them.
// Npz.cs holds archives. uint8 data stays raw 0..255: scaling is the caller's business.
using Mnemos.Tensors;

namespace Mnemos.Formats;

/// <summary>.npy reader and writer. Malformed or unsupported input throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
internal static class Npy
{
    public static Matrix Read(string path) => Safetensors.WithPath(path, () =>
    {
        using var stream = File.OpenRead(path);
        return Read(stream);
    });

    /// <summary>
    /// Reads an array as float32 in C (row-major) order: shape (n, d) → n×d, (d,) → 1×d (one
    /// sample of d features), () → 1×1, (n, a, b, …) → n×(a·b·…). Fortran-order arrays are
    /// reordered and big-endian ones byte-swapped; object and structured arrays are refused.
    /// </summary>
    public static Matrix Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = ElementTypes.Seekable(stream);
        return ReadData(source, source.Length - source.Position);
    }

    public static NpyHeader ReadHeader(string path) => Safetensors.WithPath(path, () =>
    {
        using var stream = File.OpenRead(path);
        return ReadHeader(stream);
    });

    public static NpyHeader ReadHeader(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var source = ElementTypes.Seekable(stream);
        return NpyHeaderParser.Read(source, source.Length - source.Position);
    }

    /// <summary>Reads header and data from a stream holding <paramref name="available"/> bytes from its position.</summary>
    internal static Matrix ReadData(Stream stream, long available)
    {
        var header = NpyHeaderParser.Read(stream, available);
        var (type, bigEndian) = NpyHeaderParser.ElementTypeOf(header.Descr);
        string shapeText = ShapeText(header.Shape);
        long? count = ElementTypes.ElementCount(header.Shape);
        long remaining = available - header.DataOffset;
        long? bytes = count is { } c && c <= long.MaxValue / type.Size() ? c * type.Size() : null;
        if (bytes is not { } needed || needed > remaining)
            throw new InvalidDataException($"shape {shapeText} of {FileText.Quote(header.Descr)} needs {(bytes is { } b ? $"{b} bytes" : "more than 2^63 bytes")} of data but only {remaining} follow the header: truncated file");
        if (count > Array.MaxLength)
            throw new InvalidDataException($"shape {shapeText} has {count} elements: more than one array holds ({Array.MaxLength})");
        long rows = header.Shape.Length >= 2 ? header.Shape[0] : 1;
        long cols = header.Shape.Length switch
        {
            0 => 1,
            1 => header.Shape[0],
            _ => ElementTypes.ElementCount(header.Shape.AsSpan(1)) ?? long.MaxValue,
        };
        if (rows > int.MaxValue || cols > int.MaxValue)
            throw new InvalidDataException($"shape {shapeText} flattens to {rows}x{cols}: more than a matrix holds");
        var data = new float[count!.Value];
        ElementTypes.Read(stream, type, data, bigEndian);
        if (header.FortranOrder && header.Shape.Length >= 2) data = FortranToC(data, header.Shape);
        return new Matrix((int)rows, (int)cols, data);
    }

    /// <summary>
    /// Reorders column-major (first axis fastest) values into row-major (last axis fastest).
    /// Costs a second buffer of the same size.
    /// </summary>
    internal static float[] FortranToC(float[] fortran, long[] shape)
    {
        // shape: k axes; Fortran stride of axis j = product of shape[0..j).
        int k = shape.Length;
        var stride = new long[k];
        long s = 1;
        for (int j = 0; j < k; j++)
        {
            stride[j] = s;
            s *= shape[j];
        }
        var c = new float[fortran.Length];
        var index = new long[k];
        long source = 0;
        for (int i = 0; i < c.Length; i++)
        {
            c[i] = fortran[source];
            // Advance the C-order multi-index (last axis fastest), keeping source in step.
            for (int j = k - 1; j >= 0; j--)
            {
                source += stride[j];
                if (++index[j] < shape[j]) break;
                source -= stride[j] * shape[j];
                index[j] = 0;
            }
        }
        return c;
    }

    /// <summary>A shape as Python prints a tuple: "(2, 3)", "(5,)", "()".</summary>
    internal static string ShapeText(long[] shape) => $"({string.Join(", ", shape)}{(shape.Length == 1 ? "," : "")})";

    public static void Write(string path, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(matrix);
        AtomicFile.Write(path, stream => Write(stream, matrix));
    }

    /// <summary>Writes a 2-D '&lt;f4' C-order array, byte for byte as numpy.save does (format 1.0).</summary>
    public static void Write(Stream stream, Matrix matrix)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(matrix);
        stream.Write(NpyHeaderParser.BuildF32(matrix.Rows, matrix.Cols));
        ElementTypes.WriteF32(stream, matrix.Data);
    }
}
