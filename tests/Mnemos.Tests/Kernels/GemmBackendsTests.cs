// Backend selection: names, the MNEMOS_GEMM variable, clear errors, and the OpenBLAS loader's settings.
using System.Runtime.Intrinsics.X86;
using Mnemos.Kernels;
using Mnemos.Kernels.Reference;

namespace Mnemos.Tests.Kernels;

public class GemmBackendsTests
{
    [Theory]
    [InlineData("managed", GemmBackend.Managed)]
    [InlineData("OpenBLAS", GemmBackend.OpenBlas)]
    [InlineData(" reference ", GemmBackend.Reference)]
    public void Names_parse_in_any_case(string name, GemmBackend expected) =>
        Assert.Equal(expected, GemmBackends.Parse(name));

    [Fact]
    public void Every_backend_name_round_trips()
    {
        foreach (var backend in GemmBackends.All)
            Assert.Equal(backend, GemmBackends.Parse(GemmBackends.Name(backend)));
    }

    [Fact]
    public void Unknown_name_is_rejected_and_shown()
    {
        var error = Assert.Throws<ArgumentException>(() => GemmBackends.Parse("mkl"));
        Assert.StartsWith("GEMM backend 'mkl': unknown backend; expected one of managed, openblas, reference", error.Message);
    }

    [Fact]
    public void Unknown_environment_value_names_the_variable_and_the_value()
    {
        var error = Assert.Throws<ArgumentException>(() => GemmBackends.FromVariable("blas"));
        Assert.StartsWith("MNEMOS_GEMM=blas: unknown backend; expected one of managed, openblas, reference", error.Message);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Unset_or_blank_environment_value_chooses_nothing(string? value) =>
        Assert.Null(GemmBackends.FromVariable(value));

    [Fact]
    public void The_command_line_choice_follows_MNEMOS_GEMM_and_is_managed_without_it()
    {
        string? saved = Environment.GetEnvironmentVariable(Mnemos.Cli.GemmChoice.EnvironmentVariable);
        try
        {
            Environment.SetEnvironmentVariable(Mnemos.Cli.GemmChoice.EnvironmentVariable, null);
            var managed = Assert.IsType<ManagedGemm>(Mnemos.Cli.GemmChoice.Create(2));
            Assert.Equal(2, managed.Threads);
            managed.Dispose();

            Environment.SetEnvironmentVariable(Mnemos.Cli.GemmChoice.EnvironmentVariable, "Reference");
            Assert.Same(ReferenceGemm.Instance, Mnemos.Cli.GemmChoice.Create(2));

            Environment.SetEnvironmentVariable(Mnemos.Cli.GemmChoice.EnvironmentVariable, "fast");
            var error = Assert.Throws<ArgumentException>(() => Mnemos.Cli.GemmChoice.Create(2));
            Assert.Contains("MNEMOS_GEMM=fast", error.Message);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Mnemos.Cli.GemmChoice.EnvironmentVariable, saved);
        }
    }

    [Fact]
    public void Create_gives_the_named_backend_with_the_thread_count()
    {
        using (var managed = Assert.IsType<ManagedGemm>(GemmBackends.Create(GemmBackend.Managed, 3)))
            Assert.Equal(3, managed.Threads);
        Assert.Same(ReferenceGemm.Instance, GemmBackends.Create(GemmBackend.Reference, 1));
        foreach (var backend in GemmBackends.Available)
        {
            var gemm = GemmBackends.Create(backend, 1);
            Assert.Equal(GemmBackends.Name(backend), gemm.Name);
            gemm.Dispose();
        }
    }

    [Fact]
    public void Create_rejects_a_thread_count_below_one()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => GemmBackends.Create(GemmBackend.Managed, 0));
        Assert.Contains("threads 0: must be at least 1", error.Message);
    }

    [Fact]
    public void OpenBlas_is_created_when_it_loads_and_otherwise_refused_with_the_reason()
    {
        var probe = OpenBlasGemm.TryCreate(2, out string reason);
        if (probe is not null)
        {
            Assert.Equal("", reason);
            var gemm = Assert.IsType<OpenBlasGemm>(GemmBackends.Create(GemmBackend.OpenBlas, 2));
            Assert.Equal(2, gemm.Threads);
            Assert.Contains(GemmBackend.OpenBlas, GemmBackends.Available);
        }
        else
        {
            var error = Assert.Throws<ArgumentException>(() => GemmBackends.Create(GemmBackend.OpenBlas, 2));
            Assert.Contains("GEMM backend 'openblas' is not available: " + reason, error.Message);
            Assert.DoesNotContain(GemmBackend.OpenBlas, GemmBackends.Available);
        }
    }

    [OpenBlasTheory]
    [InlineData(1)]
    public void OpenBlas_runs_the_core_named_in_the_environment_or_SkylakeX_on_avx512(int threads)
    {
        Assert.NotNull(OpenBlasGemm.TryCreate(threads, out _));
        // The variable was read (and, if unset on an AVX-512 CPU, set) before the library loaded.
        string? coreType = Environment.GetEnvironmentVariable(OpenBlasGemm.CoreTypeVariable);
        if (coreType is not null)
            Assert.Equal(coreType, OpenBlasGemm.CoreName, ignoreCase: true);
        else if (Avx512F.IsSupported)
            Assert.Equal("SkylakeX", OpenBlasGemm.CoreName, ignoreCase: true);
        else
            Assert.NotEqual("", OpenBlasGemm.CoreName);
    }
}
