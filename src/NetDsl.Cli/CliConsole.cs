using System;
using System.Collections.Generic;
using System.IO;
using Spectre.Console;

namespace NetDsl.Cli
{
    /// <summary>
    /// Where the CLI writes: plain writers for lines and JSON, and a Spectre console over the same output
    /// for tables and progress bars. Not a terminal (redirected, CI=true, TERM=dumb) means no colours, no
    /// live bars and a wide fixed layout, so logs stay readable.
    /// </summary>
    public sealed class CliConsole
    {
        /// <summary>A console over <paramref name="output"/> and <paramref name="error"/>; live bars and colours only when <paramref name="interactive"/>.</summary>
        public CliConsole(TextWriter output, TextWriter error, bool interactive)
        {
            Out = output;
            Error = error;
            Interactive = interactive;
            Ansi = AnsiConsole.Create(new AnsiConsoleSettings
            {
                Out = new AnsiConsoleOutput(output),
                Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
                ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
                Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            });
            if (!interactive) Ansi.Profile.Width = 160;
        }

        /// <summary>Where results and progress lines go (stdout).</summary>
        public TextWriter Out { get; }

        /// <summary>Where errors and warnings go (stderr).</summary>
        public TextWriter Error { get; }

        readonly HashSet<string> warned = new(StringComparer.Ordinal);

        /// <summary>
        /// Writes <c>warning: <paramref name="warning"/></c> to <see cref="Error"/>, each distinct warning once: the CLI's own
        /// checks and the trainer's (<see cref="NetDsl.Runtime.Training.TrainingContext.Warnings"/>) may find the same one.
        /// </summary>
        public void Warn(string warning)
        {
            if (warned.Add(warning)) Error.WriteLine("warning: " + warning);
        }

        /// <summary>Whether this is a terminal a person watches (colours, live progress bars).</summary>
        public bool Interactive { get; }

        /// <summary>A Spectre console over <see cref="Out"/>, for tables and progress bars.</summary>
        public IAnsiConsole Ansi { get; }

        /// <summary>The process's console; interactive only when stdout is a terminal outside CI.</summary>
        public static CliConsole FromProcess() => new CliConsole(Console.Out, Console.Error, DetectInteractive());

        static bool DetectInteractive()
        {
            if (Console.IsOutputRedirected) return false;
            string? ci = Environment.GetEnvironmentVariable("CI");
            if (!string.IsNullOrEmpty(ci) && ci != "0" && !ci.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
            return Environment.GetEnvironmentVariable("TERM") != "dumb";
        }
    }
}
