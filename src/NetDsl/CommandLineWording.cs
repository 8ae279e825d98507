using System;

namespace NetDsl
{
    /// <summary>
    /// Library errors speak C#: where one says how to fix the call, it names the API and parameter (<c>Checkpoint.Load</c>,
    /// <c>TrainerOptions.OutDir</c>). Where the NetDsl command line reports the same error, the fix in its own words (its
    /// flags: <c>--checkpoint</c>, <c>--out</c>) rides along in <see cref="Exception.Data"/> under <see cref="Key"/>, and
    /// the CLI prints that instead (<see cref="For"/>).
    /// </summary>
    public static class CommandLineWording
    {
        /// <summary>The <see cref="Exception.Data"/> key of the command line's wording of the message.</summary>
        public const string Key = "NetDsl.CommandLine";

        /// <summary>Attaches <paramref name="message"/>, the command line's wording, to <paramref name="exception"/>; returns it to throw.</summary>
        public static TException WithCommandLine<TException>(this TException exception, string message) where TException : Exception
        {
            exception.Data[Key] = message;
            return exception;
        }

        /// <summary>The message as the command line words it: the attached wording, else the exception's own message.</summary>
        public static string For(Exception exception) => exception.Data[Key] as string ?? exception.Message;
    }
}
