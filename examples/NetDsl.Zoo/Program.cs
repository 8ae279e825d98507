// The zoo app: the NetDsl CLI host over the NetDsl.Models zoo (see README and DESIGN.md §6); the same
// program as the `netdsl` tool (src/NetDsl.Tool), run from the repository.
return NetDsl.Cli.CliHost.Run(args, NetDsl.Models.All);
