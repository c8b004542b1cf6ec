// sequences (the study's sequence-encoding results, PNAS 2020; arXiv 1909.12362 v1): cycles stored by sequence encoding and recalled from noise — two
// Fashion-MNIST cycles (0→9 and 9→0), the bundled video as one cycle, the bundled speech as one
// cycle of one-second windows. Each cycle is certified by ρ(J_{fⁿ}); figures: a PNG grid per image
// part (stored cycles, then each shown recall: its noise input and one period in phase order), the
// video recall as an animated GIF and the speech recall as a WAV.
using System.Globalization;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Formats;
using Mnemos.Imaging;
using Mnemos.Nn;
using Mnemos.Reports;

namespace Mnemos.Experiments;

/// <summary>The sequences experiment. <paramref name="settings"/> overrides the presets (tests use a tiny one).</summary>
internal sealed class Sequences(SequencesSettings? settings = null) : IExperiment
{
    public const string ResultFile = "result.json";

    public string Name => "sequences";

    public bool HasCells => true;

    public string Description => "Cycles stored by sequence encoding (Fashion-MNIST 0→9 and 9→0, video, speech), certified by ρ(J_{fⁿ}) and recalled from noise";

    public SequencesSettings SettingsFor(ExperimentPreset preset) => settings ?? SequencesSettings.For(preset);

    public IReadOnlyList<ExperimentPreset> Presets => [ExperimentPreset.Quick, ExperimentPreset.Full, ExperimentPreset.Study];

    public string DescribePreset(ExperimentPreset preset) => SettingsFor(preset).Describe() + (preset == ExperimentPreset.Study
        ? "; Fashion-MNIST instead of MNIST digits, the bundled 13-frame GIF instead of 389 frames" + StudyScale.Describe(3, StudyCoreHours(SettingsFor(preset)))
        : "; smaller than the study (MNIST 31×256 SELU; 389 frames of 128×128; speech at 22,050 Hz)");

    static double StudyCoreHours(SequencesSettings s)
    {
        int video = s.VideoSize * s.VideoSize * 3, speech = s.AudioRate;
        return StudyScale.CoreHours(s.FashionNetwork.Spec(28 * 28).ParameterCount, 20, s.FashionNetwork.MaxEpochs)
            + StudyScale.CoreHours(s.VideoNetwork.Spec(video).ParameterCount, s.VideoFrameCount, s.VideoNetwork.MaxEpochs)
            + StudyScale.CoreHours(s.SpeechNetwork.Spec(speech).ParameterCount, 8, s.SpeechNetwork.MaxEpochs);
    }

    public ExperimentSummary Run(ExperimentContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var s = SettingsFor(context.Preset);
        s.Validate();
        context.RecordSettings(s);
        var parts = new List<SequencePart>();
        var files = new List<string> { ResultFile };
        var runs = s.Parts.Select((p, i) => context.Cell(p, null, () => SequencePartRunner.Run(context, s, p, context.Seed + (ulong)i))).ToArray();
        context.CellsDone();
        foreach (var (part, mlp, data) in runs)
        {
            parts.Add(part);
            files.AddRange(WriteFigures(context, s, part, mlp, data));
        }
        AtomicFile.WriteAllText(context.PathOf(ResultFile), System.Text.Json.JsonSerializer.Serialize(parts, ExperimentJson.Indented));
        var lines = new List<string>();
        var values = new Dictionary<string, double>();
        foreach (var part in parts) Summarize(part, lines, values);
        return new ExperimentSummary(lines, values, files);
    }

    static IEnumerable<string> WriteFigures(ExperimentContext context, SequencesSettings s, SequencePart part, Mlp mlp, SequenceData data)
    {
        var gemm = context.Gemm;
        var noise = SequencePartRunner.NoiseInputs(new AssociativeMemory(mlp, data.Items, data.Cycles), s.NoiseInputs, SequencePartRunner.NoiseSeed(context.Seed + (ulong)Array.IndexOf(s.Parts, part.Part)));
        var shown = part.Recall.Shown;
        int Length(ShownRecall r) => r.Cycle is int c && c >= 0 ? data.Cycles[c].Length : data.Cycles[0].Length; // cell files from before null was written hold −1
        var periods = shown.Select(r => SequencePartRunner.Period(mlp, gemm, r.EndPoint, Length(r), r.Phase ?? -1)).ToArray();
        var written = new List<string>();
        if (part.Part == "speech")
        {
            // The first shown recall: its noise window, then one period of where it landed, phase 0 first.
            var windows = new[] { noise.Row(0).ToArray() }.Concat(periods[0]).ToArray();
            var samples = windows.SelectMany(w => w).Select(y => float.IsFinite(y) ? Math.Clamp(2 * y - 1, -1f, 1f) : 0f).ToArray();
            Wav.Write(context.PathOf("speech-recall.wav"), samples, s.AudioRate);
            written.Add("speech-recall.wav");
            return written;
        }

        var shape = data.Shape;
        Image ToImage(float[] v) => Image.FromVector(v, shape.Width, shape.Height, shape.Channels);
        int scale = Math.Max(1, 64 / shape.Width);
        var blank = new Image(shape.Width, shape.Height, shape.Channels);
        Array.Fill(blank.Pixels, 1f);
        var rows = new List<IReadOnlyList<Image>>();
        foreach (var cycle in data.Cycles) rows.Add(new[] { blank }.Concat(cycle.Select(r => ToImage(data.Items.Row(r).ToArray()))).ToArray());
        for (int k = 0; k < shown.Length; k++) rows.Add(new[] { ToImage(noise.Row(k).ToArray()) }.Concat(periods[k].Select(ToImage)).ToArray());
        string grid = $"{part.Part}-recall.png";
        AtomicFile.Write(context.PathOf(grid), stream => Png.Encode(ImageGrid.Compose(rows, scale, gap: 2), stream));
        written.Add(grid);

        if (part.Part == "video")
        {
            // The first shown recall: n iterates from its noise input, then one period of the cycle it landed on, phase 0 first.
            var transient = SequencePartRunner.Iterates(mlp, gemm, noise.Row(0).ToArray(), periods[0].Length);
            var frames = transient.Concat(periods[0]).Select(v => ImageGrid.Upscale(ToImage(v), scale)).ToArray();
            Gif.Write(Gif.Frames(frames, delayCentiseconds: 12), context.PathOf("video-recall.gif"));
            written.Add("video-recall.gif");
        }
        return written;
    }

    static void Summarize(SequencePart p, List<string> lines, Dictionary<string, double> values)
    {
        var t = p.Training;
        var r = p.Recall;
        lines.Add(Invariant($"{p.Part}: {p.Source}; d = {p.Dimension}; MLP {p.Network}"));
        lines.Add(Invariant($"{p.Part}: training {t.StopReason}, MSE {Reports.HtmlReport.FormatNumber(t.FinalMse)} after {t.Epochs} epochs in {t.Seconds:F1} s (") +
            string.Join(", ", p.Stages.Select(s => Invariant($"lr {s.LearningRate:G2}: {s.Epochs} epochs → {Reports.HtmlReport.FormatNumber(s.FinalMse)}"))) + ")");
        foreach (var c in p.Certificates)
            lines.Add(Invariant($"{p.Part}: cycle {c.Cycle} ({c.Length} items, {(c.Status.Length > 0 ? StoredMemory.DescribeKey(c.Status) : c.Located ? "located" : "not located")}): ρ(J_f^{c.Length}) = {c.SpectralRadius:G4} ({c.Verdict}), step residual {Reports.HtmlReport.FormatNumber(c.Residual)}, eigen-residual {Reports.HtmlReport.FormatNumber(c.EigenResidual)}, {c.Method}"));
        lines.Add(Invariant($"{p.Part}: from uniform noise, {r.Recovered}/{r.Inputs} reached a stored cycle (") +
            string.Join(", ", r.PerCycle.Select((n, c) => Invariant($"cycle {c}: {n}, phases [{string.Join(" ", r.PerPhase[c])}]"))) +
            Invariant($"); spurious {r.Spurious}, diverged {r.Diverged}, not converged {r.NotConverged}; mean {r.MeanSteps:F0} steps (most {r.MostSteps}) in {r.Seconds:F1} s"));
        string k = p.Part;
        values[$"{k}.dimension"] = p.Dimension;
        values[$"{k}.training_epochs"] = t.Epochs;
        values[$"{k}.training_seconds"] = t.Seconds;
        values[$"{k}.final_mse"] = t.FinalMse;
        foreach (var c in p.Certificates) values[$"{k}.rho_{c.Cycle}"] = c.SpectralRadius;
        values[$"{k}.attracting_cycles"] = p.Certificates.Count(c => c.Located && c.Verdict == "attractor"); // stored, attractor
        values[$"{k}.recovered"] = r.Recovered;
        values[$"{k}.noise_inputs"] = r.Inputs;
        values[$"{k}.spurious"] = r.Spurious;
    }

    static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
