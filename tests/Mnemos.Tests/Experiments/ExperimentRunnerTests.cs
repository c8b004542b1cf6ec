// ExperimentRunner and ExperimentPresets, on a counting stand-in experiment: a preset the experiment
// does not have is refused before anything runs or is written, the default folder is
// experiments/NAME-PRESET, preset names read back and refuse values outside the enum, and run.json
// names the machine.
using Mnemos.Experiments;
using Mnemos.Kernels.Reference;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Experiments;

public sealed class ExperimentRunnerTests : IDisposable
{
    readonly TempDirectory folder = new();

    public void Dispose() => folder.Dispose();

    sealed class Counting(params ExperimentPreset[] presets) : IExperiment
    {
        public int Runs { get; private set; }

        public string Name => "counting";

        public string Description => "counts its runs";

        public IReadOnlyList<ExperimentPreset> Presets => presets;

        public string DescribePreset(ExperimentPreset preset) => ExperimentPresets.Name(preset);

        public ExperimentSummary Run(ExperimentContext context)
        {
            Runs++;
            return new ExperimentSummary(["ran"], new Dictionary<string, double> { ["runs"] = Runs }, []);
        }
    }

    ExperimentContext Context(ExperimentPreset preset) =>
        new(folder.File("run"), preset, seed: 0, threads: 1, ReferenceGemm.Instance);

    [Fact]
    public void A_preset_the_experiment_has_runs_and_is_recorded()
    {
        var experiment = new Counting(ExperimentPreset.Quick, ExperimentPreset.Reduced);
        var record = ExperimentRunner.Run(experiment, Context(ExperimentPreset.Reduced));
        Assert.Equal(1, experiment.Runs);
        Assert.Equal(("reduced", "finished"), (record.Preset, record.Status));
        Assert.True(File.Exists(Path.Combine(folder.File("run"), ExperimentRunner.RunFile)));
    }

    [Fact]
    public void Run_json_names_the_machine_its_cpu_cores_and_vector_width()
    {
        ExperimentRunner.Run(new Counting(ExperimentPreset.Quick), Context(ExperimentPreset.Quick));
        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.File("run"), ExperimentRunner.RunFile)));
        var machine = json.RootElement.GetProperty("machine");
        Assert.Equal(MachineInfo.CpuName(), machine.GetProperty("cpu").GetString());
        Assert.Equal(Environment.ProcessorCount, machine.GetProperty("cores").GetInt32());
        Assert.Contains(machine.GetProperty("vector_bits").GetInt32(), new[] { 0, 128, 256, 512 });
        Assert.False(string.IsNullOrWhiteSpace(machine.GetProperty("os").GetString()));
    }

    [Theory]
    [InlineData("processor\t: 0\nvendor_id\t: AuthenticAMD\nmodel name\t: AMD EPYC 9R14\nmodel name\t: other\n", "AMD EPYC 9R14")]
    [InlineData("processor\t: 0\nmodel name\t:   \n", null)]
    [InlineData("", null)]
    public void The_cpu_is_the_first_model_name_in_cpuinfo_else_the_architecture(string cpuinfo, string? expected)
    {
        string path = folder.File("cpuinfo");
        File.WriteAllText(path, cpuinfo);
        string architecture = System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture.ToString();
        Assert.Equal(expected ?? architecture, MachineInfo.CpuName(path));
        Assert.Equal(architecture, MachineInfo.CpuName(folder.File("absent")));
    }

    [Fact]
    public void A_preset_the_experiment_lacks_is_refused_before_it_runs_or_writes()
    {
        var experiment = new Counting(ExperimentPreset.Quick, ExperimentPreset.Full);
        var error = Assert.Throws<ArgumentException>(() => ExperimentRunner.Run(experiment, Context(ExperimentPreset.Reduced)));
        Assert.Equal("preset reduced: counting has quick, full", error.Message);
        Assert.Equal(0, experiment.Runs);
        Assert.False(File.Exists(Path.Combine(folder.File("run"), ExperimentRunner.RunFile)));
    }

    [Fact]
    public void The_default_folder_is_experiments_name_preset()
    {
        var experiment = new Counting(ExperimentPreset.Quick);
        Assert.Equal(Path.Combine("experiments", "counting-quick"), ExperimentRunner.DefaultFolder(experiment, ExperimentPreset.Quick));
        Assert.Equal(Path.Combine("experiments", "counting-full"), ExperimentRunner.DefaultFolder(experiment, ExperimentPreset.Full));
    }

    [Fact]
    public void Preset_names_read_back_and_a_value_outside_the_enum_is_refused_naming_it()
    {
        foreach (var preset in Enum.GetValues<ExperimentPreset>())
            Assert.Equal(preset, ExperimentPresets.Parse(ExperimentPresets.Name(preset)));
        Assert.Equal(["quick", "reduced", "full", "study"], Enum.GetValues<ExperimentPreset>().Select(ExperimentPresets.Name));
        Assert.Equal("preset 9: unknown; expected quick, reduced, full or study",
            Assert.Throws<ArgumentException>(() => ExperimentPresets.Name((ExperimentPreset)9)).Message);
    }
}
