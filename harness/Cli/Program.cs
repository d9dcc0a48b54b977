return await KafkaChaos.Cli.ChaosCommand.RunAsync(args);
