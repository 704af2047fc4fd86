return NativeSeg.Cli.CliApp.Run(args);
