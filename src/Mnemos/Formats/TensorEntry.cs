// A named tensor as Mnemos holds it in memory: the dtype it had on disk, its shape and its values
// converted to float32. Not a tensor library; Matrix is the 2-D working type.
using Mnemos.Tensors;

namespace Mnemos.Formats;

/// <summary>
/// One tensor: <paramref name="DType"/> is the safetensors dtype it was stored as (writers always
/// store F32), <paramref name="Shape"/> its dimensions, <paramref name="Data"/> its values in C order.
/// </summary>
internal sealed record TensorEntry(string DType, int[] Shape, float[] Data)
{
    public static TensorEntry F32(int[] shape, float[] data) => new("F32", shape, data);

    /// <summary>A [rows, cols] entry sharing the matrix's buffer.</summary>
    public static TensorEntry FromMatrix(Matrix matrix) => F32([matrix.Rows, matrix.Cols], matrix.Data);

    /// <summary>
    /// The values as a matrix sharing this buffer: [n, d] as is, [d] as 1×d, [] as 1×1 and
    /// [n, a, b, …] as n×(a·b·…).
    /// </summary>
    public Matrix ToMatrix()
    {
        if (Shape.Length <= 1) return new Matrix(1, Shape.Length == 0 ? 1 : Shape[0], Data);
        long cols = Shape.Skip(1).Aggregate(1L, (a, b) => a * b);
        if (cols > int.MaxValue)
            throw new InvalidOperationException($"shape {Safetensors.FormatShape(Shape)} has {cols} columns per row: more than a matrix holds");
        return new Matrix(Shape[0], (int)cols, Data);
    }

    /// <summary>Throws <see cref="ArgumentException"/> when the shape is negative or does not match the data length.</summary>
    public void Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(Shape, $"{name}.Shape");
        ArgumentNullException.ThrowIfNull(Data, $"{name}.Data");
        foreach (int dim in Shape)
            if (dim < 0) throw new ArgumentException($"tensor '{name}' shape {Safetensors.FormatShape(Shape)} has negative dimension {dim}");
        long? count = ElementTypes.ElementCount(Shape.Select(d => (long)d).ToArray());
        if (count != Data.LongLength)
            throw new ArgumentException($"tensor '{name}' shape {Safetensors.FormatShape(Shape)} has {(count is { } c ? c.ToString() : "more than 2^63")} elements but its data holds {Data.Length}");
    }
}
