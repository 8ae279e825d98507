// The zoo app: every network declared in Models/ is in the generated catalogue; the NetDsl CLI host
// runs list / summary / train over it (see README and ../../../shared/DESIGN.md §6).
return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);
