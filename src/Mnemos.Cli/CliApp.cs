// Builds the command tree and runs it against injected writers, so tests run commands in-process.
// User errors become one line on stderr and a non-zero exit; --verbose adds the stack trace.
// Cancellation through the host's token (Ctrl+C) is not an error: "cancelled" and exit 130.
using System.CommandLine;

namespace Mnemos.Cli;

/// <summary>The <c>mnemos</c> command line.</summary>
internal static class CliApp
{
    /// <summary>Exit code for bad usage (unknown option, invalid value).</summary>
    public const int UsageError = 2;

    /// <summary>Exit code for a failure while running (missing file, malformed data, divergence).</summary>
    public const int RunError = 1;

    /// <summary>
    /// Exit code of train and store when training stopped at the epoch limit or time budget before
    /// the target MSE. The model (or memory) and the checkpoint are written: loop on --resume.
    /// </summary>
    public const int StoppedShort = 3;

    /// <summary>Exit code of train and store when the loss became NaN or infinite; the last finite weights are written.</summary>
    public const int Diverged = 4;

    /// <summary>Exit code after Ctrl+C: work so far was saved (as a checkpoint where it applies).</summary>
    public const int Cancelled = 130;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CliHost? host = null)
    {
        host ??= CliHost.Default;
        var context = new CliContext(stdout, stderr, host);
        var root = new RootCommand("Mnemos: over-parameterized networks as associative memory — store, recall, certify.");
        root.Options.Add(CliOptions.Verbose);
        root.Subcommands.Add(DemoCommand.Create(context));
        root.Subcommands.Add(TrainCommand.Create(context));
        root.Subcommands.Add(StoreCommand.Create(context));
        root.Subcommands.Add(RecallCommand.Create(context));
        root.Subcommands.Add(CertifyCommand.Create(context));
        root.Subcommands.Add(ProbeCommand.Create(context));
        root.Subcommands.Add(ImportCommand.Create(context));
        root.Subcommands.Add(ExportCommand.Create(context));
        root.Subcommands.Add(ExperimentCommand.Create(context));
        root.Subcommands.Add(TheoryCommand.Create(context));
        root.Subcommands.Add(ExploreCommand.Create(context));

        var parse = root.Parse(args);
        context.Verbose = parse.GetValue(CliOptions.Verbose);
        string command = parse.CommandResult.Command == root ? "mnemos" : $"mnemos {parse.CommandResult.Command.Name}";
        if (parse.Errors.Count > 0)
        {
            // Every problem, one line each; a pointer to help on the last unless a line already suggests a name.
            var lines = UsageErrors.Lines(parse);
            for (int i = 0; i < lines.Count; i++)
            {
                bool pointer = i == lines.Count - 1 && !lines.Any(l => l.Contains("did you mean", StringComparison.Ordinal));
                stderr.WriteLine($"{command}: {lines[i]}{(pointer ? $" (see '{command} --help')" : "")}");
            }
            return UsageError;
        }
        var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
        try
        {
            if (parse.Action is not System.CommandLine.Help.HelpAction) return parse.Invoke(config);
            // Help is written through a buffer so the hidden aliases (old option names) can be taken out.
            var help = new StringWriter();
            config.Output = help;
            int code = parse.Invoke(config);
            stdout.Write(UsageErrors.WithoutHiddenAliases(help.ToString(), root));
            return code;
        }
        catch (OperationCanceledException) when (host.Cancellation.IsCancellationRequested)
        {
            stderr.WriteLine($"{command}: cancelled");
            return Cancelled;
        }
        catch (Exception e) when (IsUserError(e))
        {
            stderr.WriteLine($"{command}: {UsageErrors.MessageOf(e)}");
            if (context.Verbose) stderr.WriteLine(e);
            return e is CliUsageException ? UsageError : RunError;
        }
    }

    // An OperationCanceledException without the host's token cancelled is a failure, reported as one.
    static bool IsUserError(Exception e) =>
        e is CliUsageException or ArgumentException or FormatException or IOException or InvalidDataException
            or UnauthorizedAccessException or NotSupportedException or OperationCanceledException;
}

/// <summary>A bad option value found after parsing; reported like a parse error (exit 2).</summary>
internal sealed class CliUsageException(string message) : Exception(message);

/// <summary>What commands may know of the process: whether stderr is a terminal, cancellation, the clock.</summary>
internal sealed record CliHost(bool Interactive, CancellationToken Cancellation)
{
    public static CliHost Default => new(!Console.IsErrorRedirected, CancellationToken.None);
}

/// <summary>Writers and flags shared by the commands of one invocation.</summary>
internal sealed class CliContext(TextWriter output, TextWriter error, CliHost host)
{
    public TextWriter Out { get; } = output;
    public TextWriter Error { get; } = error;
    public CliHost Host { get; } = host;
    public bool Verbose { get; set; }
}
