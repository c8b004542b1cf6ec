// Runs the mnemos command in-process with captured output, as a user at a redirected terminal would.
using Mnemos.Cli;

namespace Mnemos.Tests.Cli;

internal sealed record CliRun(int ExitCode, string Out, string Error)
{
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Out}\nstderr:\n{Error}";
}

internal static class CliRunner
{
    public static CliRun Run(params string[] args) => Run(CancellationToken.None, args);

    public static CliRun Run(CancellationToken cancellation, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int code = CliApp.Run(args, stdout, stderr, new CliHost(Interactive: false, cancellation));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
