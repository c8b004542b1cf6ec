// The map f a memory iterates, whatever network computes it: a fully connected Mlp (MlpMap) or a
// U-Net on images (UNetMap). Recall, probing, recovery, locating fixed points and certifying go
// through this; features that exist for one architecture only (basin radii, consolidation) ask the
// memory for its Mlp and refuse a U-Net.
using Mnemos.Data;
using Mnemos.Kernels;

namespace Mnemos.Dynamics;

/// <summary>f: ℝᵈ → ℝᵈ on rows of d values, with what locating and certifying fixed points need.</summary>
internal interface IMemoryMap
{
    /// <summary>d, the values per stored row.</summary>
    int Dimension { get; }

    /// <summary>"mlp" or "unet": one name per architecture across the CLI, files and messages.</summary>
    string Architecture { get; }

    /// <summary>The image layout of a row when the map is defined on images (height × width × channels, channel fastest), else null.</summary>
    ImageShape? Image { get; }

    /// <summary>All weights and biases, flat.</summary>
    float[] Parameters { get; }

    /// <summary>Null when stored rows of <paramref name="columns"/> values fit the map, else why not (one line).</summary>
    string? Mismatch(int columns);

    /// <summary>f on many rows at once, for iteration; one instance serves one caller at a time.</summary>
    IBatchMap Batch(IGemm gemm);

    /// <summary>‖f(x) − x‖₂, with f(x) in <paramref name="image"/>.</summary>
    double Residual(IGemm gemm, ReadOnlySpan<float> x, out float[] image);

    /// <summary>The fixed point of f next to <paramref name="start"/> (the iterate with the smallest residual seen).</summary>
    FixedPoint Locate(IGemm gemm, ReadOnlySpan<float> start);

    /// <summary>
    /// A certifier for this map: (gemm, points) ↦ the certificate of the fixed point (one point) or
    /// cycle. Safe to call from several threads at once, each with its own GEMM.
    /// </summary>
    /// <exception cref="ArgumentException">Invalid options.</exception>
    Func<IGemm, IReadOnlyList<float[]>, Certificate> Certifier(CertifyOptions options);
}

/// <summary>output [rows × d] = f(input [rows × d]), output not overlapping input.</summary>
internal interface IBatchMap : IDisposable
{
    void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output);
}
