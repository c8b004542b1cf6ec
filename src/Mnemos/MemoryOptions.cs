// The settings of Memory.Store for library users, with defaults chosen for them: the study's
// training (PNAS 2020: Adam at 1e-4 to MSE ≤ 1e-8) on the network of its optimizer and activation
// comparison (11 hidden layers × 256, cosid), the managed GEMM on every processor. Validated once,
// with one-line messages.
using Mnemos.Kernels;

namespace Mnemos;

/// <summary>
/// How <see cref="Memory.Store(float[][], StoreOptions?, CancellationToken)"/> trains, locates and
/// certifies. Every property has a default; set only what you need, e.g.
/// <c>new StoreOptions { Width = 128, Seed = 7 }</c>.
/// </summary>
public sealed record StoreOptions
{
    /// <summary>Hidden layers of the fully connected network f: ℝᵈ → ℝᵈ (0 = one linear layer). Default 11, as in the study.</summary>
    public int Depth { get; init; } = 11;

    /// <summary>Units per hidden layer. Default 256, as in the study.</summary>
    public int Width { get; init; } = 256;

    /// <summary>
    /// Hidden activation by name: cosid (default, φ(x) = cos(x) − x), identity, relu, leaky_relu, selu,
    /// swish, sinusoid, sigmoid or tanh.
    /// </summary>
    public string Activation { get; init; } = "cosid";

    /// <summary>Adam's learning rate. Default 1e-4, the study's.</summary>
    public double LearningRate { get; init; } = 1e-4;

    /// <summary>Training stops once the mean squared error over all entries is at most this. Default 1e-8, the study's.</summary>
    public double TargetMse { get; init; } = 1e-8;

    /// <summary>Training stops after this many full-batch epochs even short of <see cref="TargetMse"/>. Default 100,000.</summary>
    public long MaxEpochs { get; init; } = 100_000;

    /// <summary>Training stops after this much time even short of <see cref="TargetMse"/>; null (default) for no limit.</summary>
    public TimeSpan? TimeBudget { get; init; }

    /// <summary>
    /// 0 (default) stores every row as a fixed point (autoencoding, f(xᵢ) = xᵢ); n ≥ 2 stores
    /// consecutive groups of n rows as cycles (sequence encoding, f(xᵢ) = xᵢ₊₁, as the study stores video and speech).
    /// </summary>
    public int CycleLength { get; init; }

    /// <summary>Seed of the network's initialization (PyTorch's default scheme). Default 0.</summary>
    public ulong Seed { get; init; }

    /// <summary>Threads for matrix products and certificates. Default: every processor.</summary>
    public int Threads { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Margin of the certificate: an attractor needs ρ(J_f(x̂)) plus its error bound below 1 − margin.
    /// Default 1e-3.
    /// </summary>
    public double Margin { get; init; } = 1e-3;

    /// <summary>
    /// True (default): after training to MSE 1e-4 (or <see cref="TargetMse"/> if larger),
    /// consolidate: train on noisy copies of the examples not yet certified until every example is
    /// a certified attractor at <see cref="TargetMse"/>, within <see cref="MaxEpochs"/> and
    /// <see cref="TimeBudget"/>. False: the study's procedure alone (plain training to the target),
    /// which leaves it to the length of training which examples become attractors.
    /// </summary>
    public bool Guarantee { get; init; } = true;

    /// <summary>Told the epoch and the mean squared error every 100 epochs while training; null (default) for silence.</summary>
    public IProgress<(long Epoch, double Mse)>? Progress { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range and its value.</summary>
    public void Validate()
    {
        if (Depth < 0) throw new ArgumentException($"StoreOptions.Depth {Depth}: must be at least 0");
        if (Width < 1) throw new ArgumentException($"StoreOptions.Width {Width}: must be at least 1");
        if (!Activations.TryParse(Activation ?? "", out _))
            throw new ArgumentException($"StoreOptions.Activation '{Activation}': unknown; expected one of {string.Join(", ", Activations.Names)}");
        if (!(LearningRate > 0) || !double.IsFinite(LearningRate)) throw new ArgumentException($"StoreOptions.LearningRate {LearningRate}: must be a positive number");
        if (!(TargetMse >= 0) || !double.IsFinite(TargetMse)) throw new ArgumentException($"StoreOptions.TargetMse {TargetMse}: must be a number at least 0");
        if (MaxEpochs < 0) throw new ArgumentException($"StoreOptions.MaxEpochs {MaxEpochs}: must be at least 0");
        if (TimeBudget is { } budget && budget <= TimeSpan.Zero) throw new ArgumentException($"StoreOptions.TimeBudget {budget}: must be positive");
        if (CycleLength is < 0 or 1) throw new ArgumentException($"StoreOptions.CycleLength {CycleLength}: must be 0 (autoencode) or at least 2");
        if (Threads < 1) throw new ArgumentException($"StoreOptions.Threads {Threads}: must be at least 1");
        if (!(Margin >= 0) || Margin >= 1) throw new ArgumentException($"StoreOptions.Margin {Margin}: must be in [0, 1)");
    }
}
