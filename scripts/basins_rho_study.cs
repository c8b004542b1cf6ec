// How many of basins-2d's six stored points come out as attractors (ρ(J_f) < 1) under several
// network/training settings and seeds; the study found all six attracting. Prints one line per
// (setting, seed) and a total per setting. Points and init seeds as in the experiment (seed, seed+1).
//   dotnet run -c Release scripts/basins_rho_study.cs -- [seeds=5]
#:project ../src/Mnemos/Mnemos.csproj
#:property PublishAot=false
using System.Globalization;
using Mnemos.Dynamics;
using Mnemos.Experiments;
using Mnemos.Kernels;
using Mnemos.Nn;
using Mnemos.Training;
using Mnemos.Training.Optimizers;

int seeds = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5;
using var gemm = new ManagedGemm(1);
(string Name, Basins2dSettings S)[] settings =
[
    ("selu 256x10 mse1e-8", new Basins2dSettings()),
    ("selu 256x10 mse1e-12", new Basins2dSettings { TargetMse = 1e-12 }),
    ("selu 512x20 mse1e-8", new Basins2dSettings { Width = 512, Depth = 20 }),
    ("cosid 256x10 mse1e-8", new Basins2dSettings { Activation = "cosid" }),
    ("cosid 256x10 mse1e-12", new Basins2dSettings { Activation = "cosid", TargetMse = 1e-12 }),
    ("relu 256x10 mse1e-8", new Basins2dSettings { Activation = "relu" }),
];
foreach (var (name, s) in settings)
{
    int total = 0;
    for (ulong seed = 0; seed < (ulong)seeds; seed++)
    {
        var data = s.Points(seed);
        var setup = new TrainingSetup(s.Spec, new InitScheme.PyTorch(), OptimizerSettings.Adam(s.LearningRate), seed + 1);
        var mlp = setup.CreateNetwork();
        var result = new Trainer(mlp, setup.Optimizer.Create(mlp.Parameters.Length), setup.CreateTask(data), gemm)
            .Run(new TrainerOptions { TargetMse = s.TargetMse, MaxEpochs = 200_000 });
        var (memory, _) = new AssociativeMemory(mlp, data).LocateFixedPoints(gemm);
        var rho = Enumerable.Range(0, data.Rows).Select(i => Certifier.FixedPoint(mlp, gemm, memory.Anchors.Row(i)).SpectralRadius).ToArray();
        int attractors = rho.Count(r => r < 1 - 1e-3);
        total += attractors;
        Console.WriteLine(FormattableString.Invariant($"{name,-24} seed {seed}: {result.Reason} MSE {result.FinalLoss:E1} after {result.Epochs,6} epochs; ρ {string.Join(" ", rho.Select(r => r.ToString("F3", CultureInfo.InvariantCulture)))}; {attractors}/6 attractors"));
    }
    Console.WriteLine($"{name}: {total}/{6 * seeds} attractors over {seeds} seeds");
}
