// A fully connected network as the map of a memory: every call goes to the code that served Mlp
// memories before the map existed (TiledForward, FixedPointLocator's Newton, Certifier), so results
// are unchanged bit for bit.
using Mnemos.Data;
using Mnemos.Kernels;
using Mnemos.Nn;

namespace Mnemos.Dynamics;

/// <summary><see cref="IMemoryMap"/> of an <see cref="Mlp"/>.</summary>
internal sealed class MlpMap(Mlp model) : IMemoryMap
{
    public Mlp Model { get; } = model ?? throw new ArgumentNullException(nameof(model));

    public int Dimension => Model.Spec.InputSize;

    public string Architecture => "mlp";

    public ImageShape? Image => null;

    public float[] Parameters => Model.Parameters;

    public string? Mismatch(int columns) => columns != Model.Spec.InputSize || Model.Spec.OutputSize != Model.Spec.InputSize
        ? $"stored examples have {columns} values but the model maps {Model.Spec.InputSize} → {Model.Spec.OutputSize}"
        : null;

    public IBatchMap Batch(IGemm gemm) => new Tiles(new TiledForward(Model, gemm));

    public double Residual(IGemm gemm, ReadOnlySpan<float> x, out float[] image) => FixedPointLocator.Residual(Model, gemm, x, out image);

    public FixedPoint Locate(IGemm gemm, ReadOnlySpan<float> start) => FixedPointLocator.Locate(Model, gemm, start);

    public Func<IGemm, IReadOnlyList<float[]>, Certificate> Certifier(CertifyOptions options) => Dynamics.Certifier.Prepare(Model, options);

    sealed class Tiles(TiledForward forward) : IBatchMap
    {
        public void Run(ReadOnlyMemory<float> input, int rows, Memory<float> output) => forward.Run(input, rows, output);

        public void Dispose() => forward.Dispose();
    }
}
