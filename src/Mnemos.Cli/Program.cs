// Entry point of the mnemos command: parse, run, map user errors to one line and exit code.
return Mnemos.Cli.CliApp.Run(args, Console.Out, Console.Error);
