// Entry point of the mnemos command: Ctrl+C requests a clean stop (checkpoint, then exit).
using Mnemos.Cli;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (cancel.IsCancellationRequested) return; // a second Ctrl+C kills the process
    e.Cancel = true;
    cancel.Cancel();
};
return CliApp.Run(args, Console.Out, Console.Error, new CliHost(!Console.IsErrorRedirected, cancel.Token));
