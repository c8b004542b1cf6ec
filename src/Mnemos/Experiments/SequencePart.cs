// One part of the sequences experiment after training: the network's cycles located next to the
// stored cycles and certified by ρ(J_{fⁿ}) (the study's Proposition 2, PNAS 2020; arXiv 1909.12362 v1), then uniform-noise inputs
// recalled and classified by the cycle and phase they land on. One cell per part ("<part>-recall").
using System.Security.Cryptography;
using System.Runtime.InteropServices;
using Mnemos.Dynamics;
using Mnemos.Nn;
using Mnemos.Tensors;

namespace Mnemos.Experiments;

/// <summary>The certificate of stored cycle <paramref name="Cycle"/> at its located points (or the stored ones when not located).</summary>
public sealed record CycleCertificate(int Cycle, int Length, bool Located, double SpectralRadius, string Verdict, double Residual, double EigenResidual, string Method,
    string Status = "");

/// <summary>One drawn recall: which noise input, where it ended (cycle and phase: null unless a stored cycle; period, steps) and the end point.</summary>
public sealed record ShownRecall(int Input, string Outcome, int? Cycle, int? Phase, int Period, int Steps, float[] EndPoint);

/// <summary>
/// Recall of <paramref name="Inputs"/> uniform-noise inputs: <paramref name="PerCycle"/>[c] reached
/// stored cycle c, <paramref name="PerPhase"/>[c][j] of them at phase j; the rest were spurious,
/// diverged or did not converge within the step cap.
/// </summary>
public sealed record NoiseRecall(int Inputs, int[] PerCycle, int[][] PerPhase, int Spurious, int Diverged, int NotConverged,
    double MeanSteps, int MostSteps, double Seconds, ShownRecall[] Shown)
{
    public int Recovered => PerCycle.Sum();
}

/// <summary>The result of one part: data, training, certificates and recall from noise.</summary>
public sealed record SequencePart(string Part, string Source, int Dimension, string Shape, int[] CycleLengths, string Network,
    TrainingSummary Training, StageSummary[] Stages, CycleCertificate[] Certificates, NoiseRecall Recall);

static class SequencePartRunner
{
    internal sealed record RecallCell(string Part, string ParametersSha256, string DataSha256, int[][] Cycles, int NoiseInputs,
        int ShownRecalls, int MaxSteps, ulong NoiseSeed);

    /// <summary>Trains (or reads) the part's network and certifies and recalls in the "PART-recall" cell.</summary>
    public static (SequencePart Part, Mlp Network, SequenceData Data) Run(ExperimentContext context, SequencesSettings settings, string part, ulong seed)
    {
        var data = SequenceDataSets.Load(part, settings);
        var network = part switch { "fashion" => settings.FashionNetwork, "video" => settings.VideoNetwork, _ => settings.SpeechNetwork };
        var (mlp, trained) = StagedNetworkCell.GetOrTrain(context, $"{part}-network", data.Source, data.Items, data.Cycles, network, seed);
        var cell = new RecallCell(part, Convert.ToHexStringLower(SHA256.HashData(trained.Parameters)), StagedNetworkCell.Hash(data.Items),
            data.Cycles, settings.NoiseInputs, settings.ShownRecalls, settings.MaxSteps, NoiseSeed(seed));
        var result = context.Cells.GetOrCompute($"{part}-recall", cell, () =>
        {
            var (certificates, recall) = CertifyAndRecall(context, mlp, data, settings, cell.NoiseSeed);
            return new SequencePart(part, data.Source, data.Items.Cols, data.Shape.ToString(), data.Cycles.Select(c => c.Length).ToArray(),
                network.Describe(), trained.Training, trained.Stages, certificates, recall);
        });
        return (result, mlp, data);
    }

    /// <summary>The seed of a part's noise inputs (so figures can redraw the inputs of the shown recalls).</summary>
    public static ulong NoiseSeed(ulong seed) => seed ^ 0x5EC0_0000_0000_0001UL;

    /// <summary>The noise inputs: uniform on [min, max] of the stored items.</summary>
    public static Matrix NoiseInputs(AssociativeMemory memory, int count, ulong noiseSeed) => Probe.Uniform(memory, count, new Rng(noiseSeed));

    static (CycleCertificate[], NoiseRecall) CertifyAndRecall(ExperimentContext context, Mlp mlp, SequenceData data, SequencesSettings settings, ulong noiseSeed)
    {
        // "Located" is the store pipeline's "stored": a cycle of f next to the stored one, its own.
        var assessed = MemoryBuilder.Build(new AssociativeMemory(mlp, data.Items, data.Cycles), context.Gemm, context.Threads, cancellation: context.Cancellation);
        var memory = assessed.Memory;
        var certificates = assessed.Units.Select(u => new CycleCertificate(u.Unit, u.Rows.Length, u.IsStored, u.Certificate.SpectralRadius,
            Keys.Of(u.Certificate.Verdict), u.Residual, u.Certificate.EigenResidual, u.Certificate.Method, StoredMemory.Key(u.Status))).ToArray();
        foreach (var c in certificates)
            context.Report(FormattableString.Invariant($"{data.Part}: cycle {c.Cycle} ({c.Length} items) {(c.Located ? "stored" : "NOT stored")}, ρ(J_f^{c.Length}) = {c.SpectralRadius:G4} ({StoredMemory.DescribeKey(c.Status)})"));

        var inputs = NoiseInputs(memory, settings.NoiseInputs, noiseSeed);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = Recall.Run(memory, context.Gemm, inputs, new RecallOptions { MaxSteps = settings.MaxSteps }, cancellation: context.Cancellation);
        double seconds = clock.Elapsed.TotalSeconds;
        var perCycle = new int[data.Cycles.Length];
        var perPhase = data.Cycles.Select(c => new int[c.Length]).ToArray();
        int spurious = 0, diverged = 0, notConverged = 0;
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case RecallOutcome.StoredCycle: perCycle[r.Cycle]++; perPhase[r.Cycle][r.Phase]++; break;
                case RecallOutcome.Diverged: diverged++; break;
                case RecallOutcome.NotConverged: notConverged++; break;
                default: spurious++; break;
            }
        }
        var shown = results.Take(settings.ShownRecalls).Select((r, i) =>
            new ShownRecall(i, Keys.Of(r.Outcome), r.Cycle >= 0 ? r.Cycle : null, r.Phase >= 0 ? r.Phase : null, r.Period, r.Steps, r.EndPoint)).ToArray();
        var recall = new NoiseRecall(inputs.Rows, perCycle, perPhase, spurious, diverged, notConverged,
            results.Average(r => (double)r.Steps), results.Max(r => r.Steps), seconds, shown);
        context.Report(FormattableString.Invariant($"{data.Part}: {recall.Recovered}/{recall.Inputs} noise inputs reached a stored cycle in {seconds:F1} s"));
        return (certificates, recall);
    }

    /// <summary>
    /// One period of frames from <paramref name="endPoint"/>: the end point and its images under f.
    /// When the recall landed on a stored cycle at phase p, frame t is placed at (p + t) mod n, so
    /// column j shows phase j; otherwise frames stay in iteration order.
    /// </summary>
    public static float[][] Period(Mlp mlp, Kernels.IGemm gemm, float[] endPoint, int length, int phase)
    {
        var frames = new float[length][];
        var workspace = new MlpWorkspace(mlp.Spec, 1);
        var x = endPoint;
        for (int t = 0; t < length; t++)
        {
            frames[phase >= 0 ? (phase + t) % length : t] = x;
            x = mlp.Forward(gemm, x, workspace).ToArray();
        }
        return frames;
    }

    /// <summary><paramref name="count"/> iterates x₀, f(x₀), … from <paramref name="start"/>.</summary>
    public static float[][] Iterates(Mlp mlp, Kernels.IGemm gemm, float[] start, int count)
    {
        var frames = new float[count][];
        var workspace = new MlpWorkspace(mlp.Spec, 1);
        var x = start;
        for (int t = 0; t < count; t++)
        {
            frames[t] = x;
            x = mlp.Forward(gemm, x, workspace).ToArray();
        }
        return frames;
    }
}
