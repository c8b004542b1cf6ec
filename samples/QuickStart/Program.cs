// Mnemos quick start: store ten 5×7 digit glyphs as fixed points of an over-parameterized network,
// see which became attractors, recall each from a noisy copy, save and load the memory.
// (Radhakrishnan, Belkin & Uhler, PNAS 2020, arXiv 1909.12362.) Runs in a few seconds; exits 1 if the loaded
// memory differs from the saved one.
using System.Globalization;
using Mnemos;

CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;

// 7 rows of 5 pixels per digit, row after row, '#' = ink (1), '.' = paper (0).
string[] glyphs =
[
    ".###.#...##..###.#.###..##...#.###.", "..#...##....#....#....#....#...###.",
    ".###.#...#....#...#...#...#...#####", "#####...#...#.....#.....##...#.###.",
    "...#...##..#.#.#..#.#####...#....#.", "######....####.....#....##...#.###.",
    "..##..#...#....####.#...##...#.###.", "#####....#...#...#...#....#....#...",
    ".###.#...##...#.###.#...##...#.###.", ".###.#...##...#.####....#...#..##..",
];
float[][] digits = glyphs.Select(g => g.Select(c => c == '#' ? 1f : 0f).ToArray()).ToArray();

// The study's network (11 hidden layers × 256, cosid, Adam 1e-4, MSE ≤ 1e-8) is the default, and so
// is consolidation (StoreOptions.Guarantee): training goes on until every digit is a certified
// attractor or MaxEpochs runs out. Guarantee = false is the study's procedure alone.
var memory = Memory.Store(digits, new StoreOptions { Seed = 0 });
var training = memory.Training!;
Console.WriteLine($"trained {training.Epochs} epochs to MSE {training.FinalMse:0.00e0} ({training.StopReason})");
Console.WriteLine(memory.Summary);
foreach (var s in memory.Statuses)
    Console.WriteLine($"  digit {s.Index}: {s.Describe(),-26} ρ = {s.SpectralRadius:F4} ± {s.SpectralRadiusError:0.0e0}");

// Recall from Gaussian noise (σ = 0.1 per pixel): attractors pull their noisy copies back; the
// rest end elsewhere.
var random = new Random(1);
float[] Noisy(float[] x) => x.Select(v => v + 0.1f * Gaussian(random)).ToArray();
var answers = memory.Recall(digits.Select(Noisy).ToArray());
int recovered = 0;
for (int i = 0; i < answers.Length; i++)
{
    var a = answers[i];
    bool own = a.Example == i;
    if (own) recovered++;
    Console.WriteLine($"  noisy digit {i} → {a.Describe(),-20} after {a.Steps,5} steps {(own ? "✓" : "✗")}");
}
Console.WriteLine($"recovered {recovered} of {answers.Length} from noise σ = 0.1");

// Save and load: the file is the one `mnemos store` writes (mnemos certify/recall/probe read it).
string path = Path.Combine(Path.GetTempPath(), $"mnemos-quickstart-{Environment.ProcessId}.safetensors");
try
{
    memory.Save(path);
    var loaded = Memory.Load(path);
    Console.WriteLine($"saved and loaded {path}: {loaded.Summary}");
    if (loaded.Summary != memory.Summary)
    {
        Console.Error.WriteLine($"quickstart: the loaded memory certifies differently: '{loaded.Summary}' vs '{memory.Summary}'");
        return 1;
    }
}
finally
{
    File.Delete(path);
}
return 0;

static float Gaussian(Random random) =>
    (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
