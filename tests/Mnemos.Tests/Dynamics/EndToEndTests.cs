// The memory end to end on real images: ten Fashion-MNIST pictures, shrunk to 14×14 by area
// averaging, are stored to MSE ≤ 1e-8 (the study's training target), their fixed points located and certified
// (§3), and recalled from noisy copies (§2): every certified attractor comes back, as itself.
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Imaging;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

namespace Mnemos.Tests.Dynamics;

public class EndToEndTests
{
    const int Count = 10, Side = 14, CopiesPerExample = 3;
    const double NoiseSigma = 0.05;

    static Matrix SmallImages()
    {
        var images = BundledData.LoadImages("fashion-mnist:train", Count);
        var data = new Matrix(Count, Side * Side);
        for (int i = 0; i < Count; i++)
            Image.FromVector(images.Images.Row(i), images.Width, images.Height, 1).Resize(Side, Side).ToVector().CopyTo(data.Row(i));
        return data;
    }

    [Fact]
    public void Ten_small_images_are_stored_certified_and_recalled_from_noisy_copies()
    {
        var data = SmallImages();
        var gemm = GemmBackends.Create(GemmBackend.Managed, 2);
        // Leaky ReLU, 3×256, Adam lr 1e-3, seed 0: converges in about 200 epochs and stores most images as attractors.
        var mlp = new Mlp(new MlpSpec(Side * Side, Side * Side, Depth: 3, Width: 256, Activation.LeakyRelu));
        InitScheme.Parse("pytorch").Apply(mlp, new Rng(0));
        var trainer = new Trainer(mlp, OptimizerSettings.Adam(1e-3).Create(mlp.Parameters.Length), TrainingTask.Autoencode(data), gemm);
        var training = trainer.Run(new TrainerOptions { MaxEpochs = 5000 });
        Assert.True(training.Converged, $"{training.Reason} at MSE {training.FinalLoss}");
        Assert.True(trainer.CurrentLoss() <= 1e-8);

        var (memory, located) = new AssociativeMemory(mlp, data).LocateFixedPoints(gemm);
        var certificates = Enumerable.Range(0, Count).Select(i => Certifier.FixedPoint(mlp, gemm, memory.Anchors.Row(i))).ToArray();
        // A certified attractor: ρ < 1 − margin at a point f really maps to itself (float rounding ~1e-6 here).
        var attractors = Enumerable.Range(0, Count)
            .Where(i => certificates[i].Verdict == Verdict.Attractor && located[i].Residual < 1e-5).ToArray();
        foreach (var c in certificates) Assert.True(c.EigenResidual < 1e-8, $"eigen-residual {c.EigenResidual}");
        Assert.True(attractors.Length >= Count / 2, $"only {attractors.Length} of {Count} stored as attractors: ρ = {string.Join(", ", certificates.Select(c => c.SpectralRadius.ToString("F4")))}");

        var noisy = Probe.NoisyExamples(memory, Count * CopiesPerExample, NoiseSigma, new Rng(1)); // row r copies example r mod Count
        // Float rounding of f (about ε‖x̂‖ per step) moves a settled iterate by up to that over 1 − ρ along
        // the slowest direction: at ρ = 0.97 a copy settles ~2e-5 from x̂ᵢ, above the default strict
        // allowance (16 ε‖x̂ᵢ‖ ≈ 1.3e-5 here). The allowance is scaled by 1/(1 − ρ) of the slowest attractor.
        double slowest = attractors.Max(i => certificates[i].SpectralRadius);
        var options = new RecallOptions { RoundingAllowance = new RecallOptions().RoundingAllowance / (1 - slowest) };
        var results = Recall.Run(memory, gemm, noisy, options);
        for (int r = 0; r < results.Length; r++)
        {
            int example = r % Count;
            if (results[r].ReachedStored) Assert.Equal(example, results[r].Example); // σ = 0.05 never carries a copy into another basin here
            if (certificates[example].Verdict == Verdict.NotAttractor) Assert.False(results[r].ReachedStored, $"copy {r} of repeller {example} recovered");
        }
        foreach (int i in attractors)
        {
            int recovered = Enumerable.Range(0, CopiesPerExample).Count(k => RecallScore.IsRecovered(memory, results[k * Count + i], i));
            Assert.True(recovered == CopiesPerExample,
                $"attractor {i} (ρ = {certificates[i].SpectralRadius:F4}) recovered from {recovered} of {CopiesPerExample} noisy copies: " +
                string.Join("; ", Enumerable.Range(0, CopiesPerExample).Select(k => results[k * Count + i]).Select(r => $"{r.Outcome} steps {r.Steps} final {r.FinalStep:E1} nearest {r.NearestDistance:E1}")));
        }
    }
}
