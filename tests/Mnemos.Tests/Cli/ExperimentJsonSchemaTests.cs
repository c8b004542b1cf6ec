// The experiments' result.json schemas beyond the runs that validate against them (each experiment's
// own tests do that): documents breaking the convention refused, the sweeps' shared definition kept
// identical, and the text-rnn variants, which no other test runs, at their quick preset.
using System.Text.Json;
using System.Text.Json.Nodes;
using Mnemos.Experiments;
using Mnemos.Kernels;
using Mnemos.Tests.Support;

namespace Mnemos.Tests.Cli;

public class ExperimentJsonSchemaTests
{
    const string Unet = """
        {"stop_reason": "max_epochs", "epochs": 40, "final_mse": null, "seconds": 1.5, "parameter_count": 100,
         "spectral_radius": [0.5], "radius_error": [null], "verdict": ["attractor"], "fixed_point_residual": [1e-7],
         "method": ["dense 3×3"], "recall_distance": [0.001], "recalled": [true], "status": ["stored_attractor"],
         "status_reason": [null], "offset": [0.01], "newton_steps": [3], "recall_outcome": ["stored_example"], "recall_steps": [120]}
        """;

    [Theory]
    [InlineData("\"final_mse\"", "\"finalMse\"", "required")]
    [InlineData("\"max_epochs\"", "\"MaxEpochs\"", "/stop_reason")]
    [InlineData("[\"attractor\"]", "[\"Attractor\"]", "/verdict/0")]
    [InlineData("\"epochs\": 40", "\"epochs\": \"40\"", "/epochs")]
    public void A_result_breaking_the_convention_is_refused(string from, string to, string named)
    {
        Assert.Equal("", JsonSchemas.Errors("experiment-unet-result", Unet));
        Assert.Contains(from, Unet);
        Assert.Contains(named, JsonSchemas.Errors("experiment-unet-result", Unet.Replace(from, to)));
    }

    [Fact]
    public void The_sweeps_share_one_memory_cell_definition()
    {
        string[] sweeps = ["experiment-attractor-table-result", "experiment-capacity-sweep-result", "experiment-spectra-result"];
        var definitions = sweeps.Select(name => JsonNode.Parse(File.ReadAllText(Path.Combine(JsonSchemas.Folder, name + ".schema.json")))!["$defs"]!)
            .Select(defs => defs.ToJsonString()).ToArray();
        Assert.All(definitions, d => Assert.Equal(definitions[0], d));
        Assert.Contains("\"memory_cell\"", definitions[0]);
    }

    [Theory]
    [InlineData("text-rnn-token-readout")]
    [InlineData("text-rnn-pytorch-init")]
    public void Text_rnn_variants_write_a_quick_result_matching_the_text_rnn_schema(string name)
    {
        using var folder = new TempDirectory();
        using var gemm = new ManagedGemm(1);
        ExperimentRunner.Run(ExperimentRegistry.Get(name), new ExperimentContext(folder.Path, ExperimentPreset.Quick, seed: 0, threads: 1, gemm));
        JsonSchemas.AssertValid("experiment-text-rnn-result", File.ReadAllText(Path.Combine(folder.Path, TextRnn.ResultFile)));
    }
}
