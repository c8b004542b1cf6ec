// Benchmarks: `gemm` (GFLOP/s per backend and shape), `train` (ms/epoch of the reference
// configurations), `certify` (100 certificates, d = 784) and `recall` (10,000 inputs × 1,000
// steps, config E). Results go to stdout as markdown rows for docs/benchmarks.md.
using Mnemos.Bench;

string which = args.Length > 0 ? args[0] : "help";
var rest = args.Skip(1).ToArray();
switch (which)
{
    case "gemm": GemmBench.Run(rest); break;
    case "train": TrainBench.Run(rest); break;
    case "parts": PartsBench.Run(rest); break;
    case "certify": CertifyBench.Run(rest); break;
    case "locate": LocateBench.Run(rest); break;
    case "recall": RecallBench.Run(rest); break;
    case "unet": UNetBench.Run(rest); break;
    default:
        Console.WriteLine("usage: Mnemos.Bench gemm [--threads N] [--backends managed,openblas,reference]");
        Console.WriteLine("       Mnemos.Bench train [--threads N] [--configs A,B,C,D,E] [--seconds S]");
        Console.WriteLine("       Mnemos.Bench parts [--threads N] [--config A]");
        Console.WriteLine("       Mnemos.Bench certify [--threads N] [--count 100] [--repeats 3]");
        Console.WriteLine("       Mnemos.Bench locate [--threads N] [--width 1024] [--count 3]");
        Console.WriteLine("       Mnemos.Bench recall [--threads N] [--inputs 10000] [--steps 1000]");
        Console.WriteLine("       Mnemos.Bench unet [--threads N] [--depth 3] [--base 64] [--epochs 3] [--parts]");
        return which == "help" ? 0 : 2;
}
return 0;
