// Benchmarks: `gemm` (GFLOP/s per backend and shape) and `train` (ms/epoch of the reference
// configurations). Results go to stdout as markdown rows for docs/benchmarks.md.
using Mnemos.Bench;

string which = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (which)
{
    case "gemm": GemmBench.Run(rest); break;
    case "train": TrainBench.Run(rest); break;
    case "parts": PartsBench.Run(rest); break;
    default:
        Console.WriteLine("usage: Mnemos.Bench gemm [--threads N] [--backends managed,openblas,reference]");
        Console.WriteLine("       Mnemos.Bench train [--threads N] [--configs A,B,C,D,E] [--seconds S]");
        return which == "help" ? 0 : 2;
}
return 0;
