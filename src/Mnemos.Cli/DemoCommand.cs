// mnemos demo: the project's main job. Stores bundled Fashion-MNIST images, certifies them, probes
// for spurious attractors, benchmarks recovery against 1-NN and modern Hopfield, and writes a
// self-contained HTML report with a summary table on the console.
using System.CommandLine;
using System.Diagnostics;
using Mnemos.Experiments.Demo;

namespace Mnemos.Cli;

static class DemoCommand
{
    public static Command Create(CliContext context)
    {
        var quick = new Option<bool>("--quick") { Description = "The sub-minute version (10 images at 14×14, a smaller network and benchmark)." };
        var output = new Option<string>("--out") { Description = "Report folder (index.html, results.json, pictures).", DefaultValueFactory = _ => "demo-report" };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the initialization, probes and corruptions.", DefaultValueFactory = _ => 0 };
        var plain = new Option<bool>("--plain") { Description = "The study's procedure alone: learning-rate stages, no consolidation (then not every stored image need be an attractor)." };
        var threads = MemoryCli.ThreadsOption();
        var json = MemoryCli.JsonOption();
        var command = new Command("demo",
            "Store bundled Fashion-MNIST images as attractors, certify them, probe for spurious attractors, compare recovery with 1-NN and modern Hopfield, and write an HTML report.");
        foreach (var option in new Option[] { quick, plain, output, seed, threads, json }) command.Options.Add(option);
        command.SetAction(parse =>
        {
            var settings = (parse.GetValue(quick) ? DemoSettings.Quick : DemoSettings.Full) with
            {
                Seed = parse.GetValue(seed),
                Threads = parse.GetValue(threads),
                Backend = GemmChoice.Backend(),
                Consolidate = !parse.GetValue(plain),
            };
            string folder = parse.GetValue(output)!;
            string line = "mnemos demo" + (settings.Preset == "quick" ? " --quick" : "") + (settings.Consolidate ? "" : " --plain") + $" --seed {settings.Seed} --threads {settings.Threads}";
            return Run(context, settings, folder, line, parse.GetValue(json));
        });
        return command;
    }

    static int Run(CliContext context, DemoSettings settings, string folder, string commandLine, bool json)
    {
        var clock = Stopwatch.StartNew();
        var printer = new ProgressPrinter(context.Error, context.Host.Interactive, TimeSpan.FromSeconds(10));
        DemoResult result;
        try
        {
            result = DemoRun.Execute(settings,
                stage: name =>
                {
                    printer.Finish();
                    context.Error.WriteLine($"[{ProgressPrinter.FormatDuration(clock.Elapsed),6}] {name}");
                },
                training: printer.Report, cancellation: context.Host.Cancellation);
        }
        finally
        {
            printer.Finish(); // a cancellation or failure message starts on its own line
        }
        DemoReport.Write(result, folder, commandLine);
        var summary = DemoSummary.Of(result, commandLine);
        if (json)
        {
            context.Out.WriteLine(Reports.ReportJson.Serialize(summary));
            return 0;
        }
        int width = summary.Headline.Max(kv => kv.Key.Length);
        foreach (var (key, value) in summary.Headline) context.Out.WriteLine($"  {key.PadRight(width)}  {value}");
        context.Out.WriteLine($"report: {Path.Combine(folder, "index.html")}");
        return 0;
    }
}
