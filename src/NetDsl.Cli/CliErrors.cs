using System;

namespace NetDsl.Cli
{
    /// <summary>A mistake in the command line (unknown command, model or option, bad value): exit code 2.</summary>
    internal sealed class CliUsageException : Exception
    {
        public CliUsageException(string message) : base(message) { }
    }

    /// <summary>Exit codes of the CLI host.</summary>
    public static class ExitCodes
    {
        /// <summary>The command did what it was asked.</summary>
        public const int Success = 0;
        /// <summary>The command was understood but failed: bad file, shape error, training failure.</summary>
        public const int Failure = 1;
        /// <summary>The command line was wrong: unknown command, model or option, or a bad value.</summary>
        public const int Usage = 2;
        /// <summary>A bug in NetDsl rather than in what the user asked for.</summary>
        public const int Internal = 70;
    }
}
