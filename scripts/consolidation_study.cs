// Consolidation on the demo's memory (the first 10 Fashion-MNIST training images of each class,
// 28×28, 11 × 256): plain constant-rate Adam 1e-4 for a number of epochs, then consolidation
// (Dynamics.Consolidation) with the settings given, then the store pipeline (MemoryBuilder).
// Prints one line: the settings, epochs and seconds of each part, and the statuses.
//   dotnet run -c Release scripts/consolidation_study.cs -- plain=10000 sigma=0.05 copies=1 weight=1 all=0 round=2000 act=cosid threads=2
// recovery=1 then runs the demo's recovery benchmark (its 25 corruptions, seeds and recall settings)
// on the stored memory and prints the network's and 1-NN's rate at each.
#:project ../src/Mnemos/Mnemos.csproj
#:property PublishAot=false
using System.Diagnostics;
using System.Globalization;
using Mnemos.Data;
using Mnemos.Dynamics;
using Mnemos.Experiments.Demo;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Tensors;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

var a = args.Select(s => s.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
string Get(string k, string d) => a.TryGetValue(k, out var v) ? v : d;
double D(string k, double d) => double.Parse(Get(k, d.ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
long plain = (long)D("plain", 10000);
int threads = (int)D("threads", 2);
var activation = Activations.Parse(Get("act", "cosid"));
double lr = D("lr", 1e-4);
var options = new ConsolidationOptions
{
    Sigma = D("sigma", 0.05), Copies = (int)D("copies", 1), Weight = D("weight", 1), AllExamples = D("all", 0) != 0, KeepCopies = D("keep", 1) != 0,
    RoundEpochs = (long)D("round", 2000), Margin = D("margin", 0.05), MaxEpochs = (long)D("max", 200000),
    TimeBudget = a.ContainsKey("budget") ? TimeSpan.FromSeconds(D("budget", 0)) : null, Seed = 7,
};

var all = BundledData.LoadImages("fashion-mnist:train");
var rows = Enumerable.Range(0, 10).SelectMany(c => Enumerable.Range(0, all.Count).Where(i => all.Labels[i] == c).Take((int)D("perclass", 10))).ToArray();
var data = new Matrix(rows.Length, all.Images.Cols);
for (int r = 0; r < rows.Length; r++) all.Images.Row(rows[r]).CopyTo(data.Row(r));

using var gemm = GemmBackends.Create(GemmBackend.Managed, threads);
var setup = new TrainingSetup(new MlpSpec(data.Cols, data.Cols, 11, (int)D("width", 256), activation), InitScheme.Parse("pytorch"),
    OptimizerSettings.Adam(lr), (ulong)D("seed", 0));
var mlp = setup.CreateNetwork();
var task = TrainingTask.Autoencode(data);
var clock = Stopwatch.StartNew();
var trainer = new Trainer(mlp, setup.Optimizer.Create(mlp.Parameters.Length), task, gemm);
var first = trainer.Run(new TrainerOptions { TargetMse = 0, MaxEpochs = plain, ProgressEvery = 1000 });
double plainSeconds = clock.Elapsed.TotalSeconds;
string Status(StoredMemory s) => string.Join(" ", s.Units.GroupBy(u => u.Status).OrderBy(g => g.Key).Select(g => $"{g.Key}={g.Count()}"));
if (D("plaincheck", 1) != 0)
{
    var before = MemoryBuilder.Build(new AssociativeMemory(mlp.Clone(), data), gemm, threads);
    Console.WriteLine($"after plain {plain} epochs ({plainSeconds:F0} s) MSE {first.FinalLoss:E2}: {Status(before)}");
}
clock.Restart();
var result = Consolidation.Run(mlp, task, gemm, OptimizerSettings.Adam(D("lr2", lr)), options, 1e-8, first.Epochs, threads,
    round: r => Console.WriteLine($"  epoch {r.Epoch} passed {r.Passed}/{r.Units} max ρ {r.MaxRho:F3} MSE {r.Loss:E2} {r.Seconds:F0} s{(r.Finished ? " finished" : "")}"));
double consolidationSeconds = clock.Elapsed.TotalSeconds;
var stored = MemoryBuilder.Build(new AssociativeMemory(mlp, data), gemm, threads);
var rho = stored.Memory.SpectralRadii!.Order().ToArray();
Console.WriteLine(string.Join(" ", args) + $" | plain {plain} ep {plainSeconds:F0} s | consolidation {result.EndEpoch - result.StartEpoch} ep {consolidationSeconds:F0} s {result.Reason} | total {plainSeconds + consolidationSeconds:F0} s | MSE {result.FinalLoss:E2} | {Status(stored)} | ρ median {rho[rho.Length / 2]:F3} max {rho[^1]:F3}");
if (D("recovery", 0) != 0)
{
    var demo = DemoSettings.Full;
    var recallOptions = new RecallOptions { MaxSteps = demo.MaxSteps, StallWindow = demo.StallWindow };
    var report = Recovery.Run(stored.Memory, gemm, demo.Recovery.SelectMany(r => r.Corruptions()).ToArray(), new ImageShape(28, 28, 1),
        new RecoveryOptions { Seed = demo.Seed, Recall = recallOptions, HopfieldBeta = demo.HopfieldBeta });
    foreach (var p in report.Points)
        Console.WriteLine($"  recovery {p.Corruption,-18} network {p.NetworkRate:F2}  1-NN {p.NearestNeighbourRate:F2}");
}
