// The zoo app: every network of NetDsl.Models is in that assembly's generated catalogue; the NetDsl CLI
// host runs list / summary / train / ... over it (see README and DESIGN.md §6).
return NetDsl.Cli.CliHost.Run(args, NetDsl.Generated.ModelCatalog.All);
