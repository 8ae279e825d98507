// `netdsl`: the NetDsl command line over the model zoo (DESIGN.md §6). An app with its own networks hosts the
// same CLI over its own catalogue in one line: return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);
return NetDsl.Cli.CliHost.Run(args, NetDsl.Models.All);
