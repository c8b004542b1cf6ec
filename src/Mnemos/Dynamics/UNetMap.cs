// A U-Net as the map of a memory. Memory rows keep the layout every image row has in Mnemos
// (height × width × channels, row-major, channel fastest: what the data loaders and corruptions
// use); the U-Net takes NCHW planes, so rows are converted at this boundary, in and out. A
// permutation P of coordinates changes J to P·J·Pᵀ: the spectrum, norms and residuals are the same
// in either layout, so certificates taken on planes hold for rows.
// Fixed points are located by Newton–GMRES: (I − J)·δ = f(x) − x solved matrix-free with J·v from
// tangent passes (no low-rank factor of J exists as for a fully connected network), each step
// halved until it lowers ‖f(x) − x‖.
using Mnemos.Conv;
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Linalg;

namespace Mnemos.Dynamics;

/// <summary><see cref="IMemoryMap"/> of a <see cref="UNet"/> on rows of H×W×C images.</summary>
internal sealed class UNetMap : IMemoryMap
{
    // Newton as for an Mlp: at most this many steps, each kept only if it lowers ‖f(x) − x‖.
    const int MaxNewtonSteps = 8;
    // A step that does not lower the residual is halved this many times before Newton gives up.
    const int MaxHalvings = 4;
    // J·v is a float pass good to about 1e-6 relative: asking GMRES for more only burns products.
    const double GmresTolerance = 1e-6;
    const int GmresRestart = 50, GmresMaxProducts = 300;
    // Images per forward pass in batch iteration: bounds the workspace (every node's values for the tile).
    const int TileImages = 16;

    public UNetMap(UNet net)
    {
        ArgumentNullException.ThrowIfNull(net);
        Net = net;
        var s = net.Spec;
        Image = new ImageShape(s.Width, s.Height, s.ImageChannels);
    }

    public UNet Net { get; }

    public int Dimension => Net.Spec.ImageSize;

    public string Architecture => "unet";

    public ImageShape? Image { get; }

    public float[] Parameters => Net.Parameters;

    public string? Mismatch(int columns)
    {
        var s = Net.Spec;
        return columns == s.ImageSize ? null
            : $"stored examples have {columns} values but the U-Net maps {s.Width}x{s.Height}x{s.ImageChannels} images ({s.ImageSize} values)";
    }

    /// <summary>H×W×C rows (channel fastest) to C×H×W planes, image by image.</summary>
    public void ToPlanes(ReadOnlySpan<float> rows, Span<float> planes) =>
        TransposeEach(rows, planes, Net.Spec.Height * Net.Spec.Width, Net.Spec.ImageChannels);

    /// <summary>C×H×W planes back to H×W×C rows, image by image.</summary>
    public void ToRows(ReadOnlySpan<float> planes, Span<float> rows) =>
        TransposeEach(planes, rows, Net.Spec.ImageChannels, Net.Spec.Height * Net.Spec.Width);

    /// <summary>Each image of <paramref name="source"/>, an r×c row-major matrix, into <paramref name="destination"/> as c×r.</summary>
    static void TransposeEach(ReadOnlySpan<float> source, Span<float> destination, int r, int c)
    {
        int d = r * c;
        for (int n = 0; n < source.Length / d; n++)
        {
            var src = source.Slice(n * d, d);
            var dst = destination.Slice(n * d, d);
            for (int i = 0; i < r; i++)
                for (int j = 0; j < c; j++) dst[j * r + i] = src[i * c + j];
        }
    }

    float[] Planes(ReadOnlySpan<float> row)
    {
        var planes = new float[row.Length];
        ToPlanes(row, planes);
        return planes;
    }

    float[] Rows(ReadOnlySpan<float> planes)
    {
        var rows = new float[planes.Length];
        ToRows(planes, rows);
        return rows;
    }

    void CheckRow(string name, int length)
    {
        if (length != Dimension) throw new ArgumentException($"{name} has {length} values, the U-Net takes {Dimension}");
    }

    public IBatchMap Batch(IGemm gemm)
    {
        ArgumentNullException.ThrowIfNull(gemm);
        return new Tiles(this, gemm);
    }

    public double Residual(IGemm gemm, ReadOnlySpan<float> x, out float[] image)
    {
        CheckRow("point", x.Length);
        image = Rows(Net.Forward(gemm, Planes(x), new UNetWorkspace(Net, 1)));
        return Math.Sqrt(VectorOps.SumSquaredDifference(image, x));
    }

    public FixedPoint Locate(IGemm gemm, ReadOnlySpan<float> start)
    {
        CheckRow("start point", start.Length);
        int d = Dimension;
        var x = start.ToArray();
        var best = (Point: x, Residual: Residual(gemm, x, out _));
        int steps = 0;
        for (int s = 0; s < MaxNewtonSteps && best.Residual > 0; s++)
        {
            var planes = Planes(x);
            var lin = new UNetLinearization(Net, gemm, planes);
            var g = new double[d];
            for (int i = 0; i < d; i++) g[i] = (double)lin.Output[i] - planes[i];
            var delta = new double[d];
            Gmres.Solve((v, y) =>
            {
                lin.Jvp(v, y);
                for (int i = 0; i < y.Length; i++) y[i] = v[i] - y[i];
            }, g, delta, GmresTolerance, GmresRestart, GmresMaxProducts);
            steps = s + 1;
            if (Backtrack(gemm, planes, delta, best.Residual) is not { } next) break;
            best = next;
            x = next.Point;
        }
        double offset = Math.Sqrt(VectorOps.SumSquaredDifference(best.Point, start));
        return new FixedPoint(best.Point, offset, best.Residual, steps);
    }

    // x + t·δ for t = 1, ½, ¼, …: the first that lowers the residual, else null. With ρ(J) near 1,
    // I − J is nearly singular and the full step can leave the region where f is close to linear.
    (float[] Point, double Residual)? Backtrack(IGemm gemm, float[] planes, double[] delta, double residual)
    {
        int d = planes.Length;
        var nextPlanes = new float[d];
        for (int halving = 0; halving <= MaxHalvings; halving++)
        {
            double t = Math.ScaleB(1, -halving);
            for (int i = 0; i < d; i++) nextPlanes[i] = (float)(planes[i] + t * delta[i]);
            var next = Rows(nextPlanes);
            double r = Residual(gemm, next, out _);
            if (r < residual) return (next, r);
        }
        return null;
    }

    public Func<IGemm, IReadOnlyList<float[]>, Certificate> Certifier(CertifyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return (gemm, points) =>
        {
            ArgumentNullException.ThrowIfNull(points);
            if (points.Count != 1) throw new ArgumentException($"a U-Net memory certifies fixed points only, not a cycle of {points.Count} points");
            CheckRow("point", points[0].Length);
            return ConvCertifier.FixedPoint(Net, gemm, Planes(points[0]), options);
        };
    }

    sealed class Tiles(UNetMap map, IGemm gemm) : IBatchMap
    {
        readonly Dictionary<int, UNetWorkspace> workspaces = [];
        float[] planes = [];

        public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output)
        {
            int d = map.Dimension;
            if (rows < 0 || input.Length != rows * d || output.Length != rows * d)
                throw new ArgumentException($"input {input.Length} and output {output.Length} values, expected {rows}×{d} each");
            for (int first = 0; first < rows; first += TileImages)
            {
                int count = Math.Min(TileImages, rows - first);
                if (planes.Length < count * d) planes = new float[count * d];
                var tile = planes.AsSpan(0, count * d);
                map.ToPlanes(input.Span.Slice(first * d, count * d), tile);
                var y = map.Net.Forward(gemm, tile, Workspace(count));
                map.ToRows(y, output.Span.Slice(first * d, count * d));
            }
        }

        UNetWorkspace Workspace(int count)
        {
            if (!workspaces.TryGetValue(count, out var workspace))
            {
                if (workspaces.Count > 2) workspaces.Clear(); // a full tile plus the odd remainder is all that repeats
                workspaces[count] = workspace = new UNetWorkspace(map.Net, count);
            }
            return workspace;
        }

        public void Dispose()
        {
        }
    }
}
