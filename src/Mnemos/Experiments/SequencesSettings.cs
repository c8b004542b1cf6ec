// Settings of the sequences experiment (the study's sequence-encoding results, PNAS 2020; arXiv 1909.12362 v1): the networks of its three parts
// (Fashion-MNIST cycles, a video cycle, a speech cycle), the data scale of each and how recall
// from noise is tried. The presets shrink the video and the audio; Describe says by how much.
using System.Globalization;

namespace Mnemos.Experiments;

/// <summary>Everything that decides a sequences result besides the seed.</summary>
public sealed record SequencesSettings
{
    /// <summary>Parts to run, in this order: "fashion", "video", "speech".</summary>
    public string[] Parts { get; init; } = ["fashion", "video", "speech"];

    public NetworkSettings FashionNetwork { get; init; } = new() { Width = 256, Depth = 6 };
    public NetworkSettings VideoNetwork { get; init; } = new() { Width = 256, Depth = 4 };
    public NetworkSettings SpeechNetwork { get; init; } = new() { Width = 256, Depth = 4 };

    /// <summary>Side of the square video frames after area-averaged resizing (the GIF is 64×64).</summary>
    public int VideoSize { get; init; } = 16;

    /// <summary>
    /// Every k-th of the GIF's first 13 frames is kept (k must divide 12). Frames 13–23 repeat frames
    /// 11…1 (the pan back), and a map cannot send one image to two different successors.
    /// </summary>
    public int VideoFrameStep { get; init; } = 2;

    /// <summary>The 22,050 Hz speech is averaged over groups of this many samples (must divide 22,050).</summary>
    public int AudioDownsample { get; init; } = 15;

    /// <summary>Uniform-noise inputs recalled per part.</summary>
    public int NoiseInputs { get; init; } = 20;

    /// <summary>Recalls drawn in the figures (the first noise inputs).</summary>
    public int ShownRecalls { get; init; } = 3;
    public int MaxSteps { get; init; } = 5000;

    public const int SpeechRate = 22_050, VideoFrames = 13;

    /// <summary>Minutes on two cores: 16×16 video of 7 frames, speech at 1,470 Hz, 20 noise inputs.</summary>
    public static SequencesSettings Quick { get; } = new();

    /// <summary>Deeper networks, 32×32 video of all 13 distinct frames, speech at 4,410 Hz, 50 noise inputs.</summary>
    public static SequencesSettings Full { get; } = new()
    {
        FashionNetwork = new() { Width = 256, Depth = 16 },
        VideoNetwork = new() { Width = 512, Depth = 6 },
        SpeechNetwork = new() { Width = 512, Depth = 6 },
        VideoSize = 32, VideoFrameStep = 1, AudioDownsample = 5, NoiseInputs = 50,
    };

    /// <summary>
    /// The study's networks at its protocol (Adam at a constant 1e-4, ≤ 1,000,000 epochs): the digit
    /// cycles in 31 × 256 SELU; the video (all 13 distinct frames at the GIF's 64×64, the study's was
    /// 389 frames of 128×128) in 16 × 1024 SELU to loss 1e-7; the speech at 22,050 Hz in 36 × 15 SELU
    /// to loss 1e-12; 100 noise recalls per part.
    /// </summary>
    public static SequencesSettings Study { get; } = new()
    {
        FashionNetwork = new NetworkSettings { Width = 256, Depth = 31 }.AtStudyProtocol(),
        VideoNetwork = new NetworkSettings { Width = 1024, Depth = 16 }.AtStudyProtocol(1e-7),
        SpeechNetwork = new NetworkSettings { Width = 15, Depth = 36 }.AtStudyProtocol(1e-12),
        VideoSize = 64, VideoFrameStep = 1, AudioDownsample = 1, NoiseInputs = 100, MaxSteps = 10_000,
    };

    public static SequencesSettings For(ExperimentPreset preset) => preset switch
    {
        ExperimentPreset.Full => Full,
        ExperimentPreset.Study => Study,
        _ => Quick,
    };

    public int AudioRate => SpeechRate / AudioDownsample;

    public int VideoFrameCount => (VideoFrames - 1) / VideoFrameStep + 1;

    public void Validate()
    {
        string[] known = ["fashion", "video", "speech"];
        if (Parts.Length == 0 || Parts.Any(p => !known.Contains(p)))
            throw new ArgumentException($"parts '{string.Join(",", Parts)}': choose from {string.Join(", ", known)}");
        if (VideoSize < 1 || VideoSize > 64) throw new ArgumentException($"video size {VideoSize}: must be 1..64 (the GIF is 64×64)");
        if (VideoFrameStep < 1 || (VideoFrames - 1) % VideoFrameStep != 0 || VideoFrameStep > (VideoFrames - 1) / 2)
            throw new ArgumentException($"video frame step {VideoFrameStep}: must divide {VideoFrames - 1} and leave at least 3 frames");
        if (AudioDownsample < 1 || SpeechRate % AudioDownsample != 0)
            throw new ArgumentException($"audio downsampling {AudioDownsample}: must divide {SpeechRate}");
        if (NoiseInputs < 1 || ShownRecalls < 1 || ShownRecalls > NoiseInputs)
            throw new ArgumentException($"noise inputs {NoiseInputs}, shown {ShownRecalls}: need 1 ≤ shown ≤ inputs");
        if (MaxSteps < 1) throw new ArgumentException($"max steps {MaxSteps}: must be at least 1");
    }

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"fashion: 2 cycles of 10 (28×28), MLP {FashionNetwork.Describe()}; video: {VideoFrameCount} frames {VideoSize}×{VideoSize} RGB, MLP {VideoNetwork.Describe()}; " +
        $"speech: 8 × 1 s at {AudioRate} Hz (averaged ×{AudioDownsample} from {SpeechRate} Hz), MLP {SpeechNetwork.Describe()}; {NoiseInputs} noise recalls per part, ≤ {MaxSteps} steps");
}
