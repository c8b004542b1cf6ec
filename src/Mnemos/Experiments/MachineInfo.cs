// The machine a run ran on, kept in run.json beside the software: the same seed, build and thread
// count give the same result on the same machine, and a different CPU (its vector width, its
// rounding of fused operations) may train to a different network, so a record names both.
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Mnemos.Experiments;

/// <summary>CPU model, logical cores, the widest hardware-accelerated vector in bits (what the managed kernels use), OS.</summary>
public sealed record MachineInfo(string Cpu, int Cores, int VectorBits, string Os)
{
    /// <summary>This process's machine.</summary>
    public static MachineInfo Current { get; } = new(CpuName(), Environment.ProcessorCount, AcceleratedVectorBits(), RuntimeInformation.OSDescription);

    /// <summary>
    /// The first "model name" in <paramref name="cpuinfo"/> (Linux's /proc/cpuinfo), or the process
    /// architecture where the file is absent or names no model.
    /// </summary>
    internal static string CpuName(string cpuinfo = "/proc/cpuinfo")
    {
        try
        {
            foreach (string line in File.ReadLines(cpuinfo))
            {
                int colon = line.IndexOf(':');
                if (colon > 0 && line[..colon].Trim() == "model name" && line[(colon + 1)..].Trim() is { Length: > 0 } name)
                    return name;
            }
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return RuntimeInformation.ProcessArchitecture.ToString();
    }

    static int AcceleratedVectorBits() =>
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : Vector128.IsHardwareAccelerated ? 128 : 0;
}
