namespace NetDsl.Cli
{
    /// <summary>
    /// One option of one command, declared once: its name (without the dashes), what its value is called in
    /// help (<c>N</c>, <c>X</c>, <c>FILE</c>, <c>DIR</c>, <c>CxHxW</c>, <c>a|b|c</c>; null for a switch that
    /// takes no value), what it does, and what applies when it is not given. The command reads the value
    /// with <see cref="CliArguments"/>, whose checks name the option and the value.
    /// </summary>
    internal sealed record OptionSpec(string Name, string? ValueName, string Description, string Default)
    {
        /// <summary>A switch: given or not.</summary>
        public static OptionSpec Flag(string name, string description) => new OptionSpec(name, null, description, "off");

        /// <summary>An option that takes one value.</summary>
        public static OptionSpec Value(string name, string valueName, string description, string @default) =>
            new OptionSpec(name, valueName, description, @default);

        public bool IsFlag => ValueName == null;

        /// <summary>The option as typed: <c>--name</c>.</summary>
        public string Token => "--" + Name;

        /// <summary>What the value must be, for "--batch needs a number and got '--lr'".</summary>
        public string Needs => ValueName switch
        {
            "N" or "X" or "SECONDS" => "a number",
            "FILE" => "a file",
            "DIR" => "a folder",
            "PREFIX" => "a path prefix",
            "CxHxW" => "a shape CxHxW",
            string choices when choices.Contains('|') => "one of " + choices.Replace("|", ", "),
            string other => "a value (" + other + ")",
            null => "no value",
        };
    }
}
