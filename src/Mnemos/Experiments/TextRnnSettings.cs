// Settings of the text-rnn experiment (the study's text example, PNAS 2020; arXiv 1909.12362 v1): the sentence, the recurrent networks
// compared (the study's size and half of it), training and how decoding is tried.
using System.Globalization;
using Mnemos.Kernels;

namespace Mnemos.Experiments;

/// <summary>Everything that decides a text-rnn result besides the seed.</summary>
internal sealed record TextRnnSettings
{
    public const string StudySentence = "Hopfield networks are able to store binary training patterns as attractive fixed points";

    public string Sentence { get; init; } = StudySentence;

    /// <summary>State sizes compared; each network's hidden width equals its state size (the study's 128 and half of it).</summary>
    public int[] StateSizes { get; init; } = [32, 16];

    /// <summary>Hidden layers of each of the two MLPs, one network per depth.</summary>
    public int[] Depths { get; init; } = [4];
    public Activation Activation { get; init; } = Activation.Selu;

    /// <summary>
    /// Initialization of both MLPs (<see cref="Nn.InitScheme.Parse"/> form). LeCun normal, SELU's
    /// self-normalizing choice: under PyTorch's default the 31-layer networks' signals fade and
    /// training stalls at cross-entropy 1.95.
    /// </summary>
    public string Init { get; init; } = "kaiming-normal:1";

    /// <summary>
    /// The readout reads [one-hot word ; next state] instead of the next state alone. The study does
    /// not say what its output network reads; this is the other natural choice.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ReadoutReadsToken { get; init; }
    /// <summary>
    /// Passes over the sentence in one teacher-forced sequence (passes·n + 1 steps from the zero
    /// input), one network per count. One pass teaches every transition, the wrap-around included,
    /// once; a second pass also teaches the steps from the state the wrap-around leaves.
    /// </summary>
    public int[] TrainPasses { get; init; } = [1, 2];

    public double LearningRate { get; init; } = 1e-3;
    public long MaxEpochs { get; init; } = 3000;

    /// <summary>Training stops once the mean cross-entropy per step is at or below this.</summary>
    public double TargetLoss { get; init; } = 1e-4;

    /// <summary>Greedy decoding length, in passes over the sentence.</summary>
    public int DecodePasses { get; init; } = 20;

    /// <summary>Decodes started from random states N(0, 1) instead of the zero state.</summary>
    public int NoiseStarts { get; init; } = 20;

    /// <summary>Every network is trained from this many seeds: the run's seed, seed + 1, ….</summary>
    public int Seeds { get; init; } = 1;

    /// <summary>Minutes on two cores: two small networks, Adam 1e-3.</summary>
    public static TextRnnSettings Quick { get; } = new();

    /// <summary>The study's networks (31 × 128 SELU, state 128), half of them, and the same at depth 4; Adam 1e-4.</summary>
    public static TextRnnSettings Full { get; } = new()
    {
        StateSizes = [128, 64], Depths = [31, 4], LearningRate = 1e-4, MaxEpochs = 20_000, DecodePasses = 100, NoiseStarts = 100,
    };

    /// <summary>How reliably depth-4 networks store the sentence: states 128 and 64, 1–3 passes, 10 seeds, Adam 1e-4.</summary>
    public static TextRnnSettings Reduced { get; } = new()
    {
        StateSizes = [128, 64], Depths = [4], TrainPasses = [1, 2, 3], LearningRate = 1e-4, MaxEpochs = 20_000, DecodePasses = 100, Seeds = 10,
    };

    /// <summary>
    /// The study's networks at its protocol: states 128 and 64 (its half-state contrast), 31 hidden
    /// layers, the study's default initialization (PyTorch's), Adam at a constant 1e-4 for up to
    /// 1,000,000 epochs.
    /// </summary>
    public static TextRnnSettings Study { get; } = new()
    {
        StateSizes = [128, 64], Depths = [31], Init = "pytorch", TrainPasses = [1], LearningRate = Training.StudyProtocol.AdaptiveLearningRate,
        MaxEpochs = Training.StudyProtocol.MaxEpochs, DecodePasses = 100, NoiseStarts = 100,
    };

    /// <summary>The quick networks with the readout on [word ; state] (otherwise as <see cref="Quick"/>).</summary>
    public static TextRnnSettings QuickTokenReadout { get; } = Quick with { ReadoutReadsToken = true };

    /// <summary>The quick networks from PyTorch's default initialization (the study's default), trained 10× longer (30,000 epochs).</summary>
    public static TextRnnSettings QuickPyTorchInit { get; } = Quick with { Init = "pytorch", MaxEpochs = 30_000 };

    /// <summary>The full preset (depths 31 and 4, states 128 and 64, LeCun normal) with the readout on [word ; state].</summary>
    public static TextRnnSettings FullTokenReadout { get; } = Full with { ReadoutReadsToken = true };

    /// <summary>
    /// The study's networks (depth 31, states 128 and 64, two passes) from PyTorch's default
    /// initialization, trained up to 200,000 epochs at Adam 1e-4 (5× the 40,000 after which they still sat at cross-entropy 1.95).
    /// </summary>
    public static TextRnnSettings FullPyTorchInit { get; } = Full with { Depths = [31], TrainPasses = [2], Init = "pytorch", MaxEpochs = 200_000 };

    /// <summary>The study preset with the readout on [word ; state].</summary>
    public static TextRnnSettings StudyTokenReadout { get; } = Study with { ReadoutReadsToken = true };

    public static TextRnnSettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        ExperimentPreset.Reduced => Reduced,
        _ => Quick,
    };

    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Sentence)) throw new ArgumentException("sentence is empty");
        if (StateSizes.Length == 0 || StateSizes.Any(s => s < 1)) throw new ArgumentException($"state sizes '{string.Join(",", StateSizes)}': need at least one, each ≥ 1");
        Nn.InitScheme.Parse(Init);
        if (TrainPasses.Length == 0 || TrainPasses.Any(p => p < 1)) throw new ArgumentException($"training passes '{string.Join(",", TrainPasses)}': need at least one count, each ≥ 1");
        if (Depths.Length == 0 || Depths.Any(d => d < 1)) throw new ArgumentException($"depths '{string.Join(",", Depths)}': need at least one, each ≥ 1");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate)) throw new ArgumentException($"learning rate {LearningRate}: must be a positive number");
        if (MaxEpochs < 1) throw new ArgumentException($"max epochs {MaxEpochs}: must be at least 1");
        if (!(TargetLoss >= 0)) throw new ArgumentException($"target loss {TargetLoss}: must be ≥ 0");
        if (DecodePasses < 4) throw new ArgumentException($"decode passes {DecodePasses}: must be at least 4 (a period shows in the second half)");
        if (NoiseStarts < 0) throw new ArgumentException($"noise starts {NoiseStarts}: must be ≥ 0");
        if (Seeds < 1) throw new ArgumentException($"seeds {Seeds}: must be at least 1");
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"the {Sentence.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length}-word sentence; states {{{string.Join(", ", StateSizes)}}}, two MLPs of {{{string.Join(", ", Depths)}}} hidden layers (width = state) {Activation.Name()}, init {Init}{(ReadoutReadsToken ? ", readout on [word ; state]" : "")}; " +
        $"{{{string.Join(", ", TrainPasses)}}} teacher-forced passes per sequence, Adam lr {LearningRate:G3}, cross-entropy to {TargetLoss:G2} within {MaxEpochs} epochs; greedy decoding for {DecodePasses} passes from the zero input, and from {NoiseStarts} random states")
        + (Seeds > 1 ? $"; {Seeds} seeds per network" : "");
}
