// A dense row-major float32 matrix: a flat buffer plus its shape. No arithmetic lives here;
// kernels in Kernels/ work on the spans.
namespace Mnemos.Tensors;

/// <summary>Row-major float32 matrix; element (r, c) is <c>Data[r * Cols + c]</c>.</summary>
public sealed class Matrix
{
    public Matrix(int rows, int cols)
        : this(rows, cols, new float[checked(ValidateShape(rows, cols))])
    {
    }

    public Matrix(int rows, int cols, float[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        long size = ValidateShape(rows, cols);
        if (data.Length != size)
            throw new ArgumentException($"data has {data.Length} values but shape {rows}x{cols} needs {size}", nameof(data));
        Rows = rows;
        Cols = cols;
        Data = data;
    }

    public int Rows { get; }
    public int Cols { get; }
    public float[] Data { get; }
    public int Length => Data.Length;

    public Span<float> Span => Data;

    public ref float this[int row, int col] => ref Data[row * Cols + col];

    public Span<float> Row(int row) => Data.AsSpan(row * Cols, Cols);

    public Matrix Clone() => new(Rows, Cols, (float[])Data.Clone());

    public override string ToString() => $"Matrix {Rows}x{Cols}";

    static int ValidateShape(int rows, int cols)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be non-negative");
        if (cols < 0) throw new ArgumentOutOfRangeException(nameof(cols), cols, "cols must be non-negative");
        long size = (long)rows * cols;
        if (size > Array.MaxLength) throw new ArgumentException($"shape {rows}x{cols} is too large");
        return (int)size;
    }
}
