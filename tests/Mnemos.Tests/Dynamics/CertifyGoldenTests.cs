// ρ of the certifier against numpy: golden/make_certify_golden.py writes small seeded memory files
// and, for each anchor, numpy.linalg.eigvals of the full float64 Jacobian (golden/certify_golden.json).
using System.Globalization;
using System.Text.Json;
using Mnemos.Dynamics;
using Mnemos.Kernels;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Dynamics;

public class CertifyGoldenTests
{
    // LAPACK dgeev on the d×d Jacobian vs our solver on B·A, both double: κ·ε-level differences.
    const double Agreement = 1e-9;

    public static TheoryData<string> Files => new(Cases().Select(c => c.GetProperty("file").GetString()!));

    [Theory]
    [MemberData(nameof(Files))]
    public void Radius_matches_numpy_eigvals_of_the_float64_jacobian(string file)
    {
        var golden = Cases().Single(c => c.GetProperty("file").GetString() == file);
        var expected = golden.GetProperty("spectral_radii").EnumerateArray().Select(r => double.Parse(r.GetString()!, CultureInfo.InvariantCulture)).ToArray();
        var (memory, _) = MemoryFile.Load(Path.Combine(Folder, file));
        Assert.Equal(expected.Length, memory.Count);

        var certificates = Certifier.All(memory, new CertifyOptions(), GemmBackend.Managed, threads: 2);

        for (int i = 0; i < expected.Length; i++)
        {
            Tolerance.Close(expected[i], certificates[i].SpectralRadius, Agreement, 0, $"{file} example {i}");
            Assert.True(Math.Abs(certificates[i].SpectralRadius - expected[i]) <= certificates[i].SpectralRadiusError + Agreement * expected[i],
                $"{file} example {i}: bound {certificates[i].SpectralRadiusError:E2}");
        }
    }

    static string Folder => Path.Combine(AppContext.BaseDirectory, "Dynamics", "golden");

    static JsonElement[] Cases()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "certify_golden.json")));
        return json.RootElement.GetProperty("cases").EnumerateArray().Select(c => c.Clone()).ToArray();
    }
}
