using System;
using System.Runtime.InteropServices;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Training;

namespace NetDsl.Cli
{
    /// <summary>
    /// Ctrl-C (SIGINT) and SIGTERM during <c>train</c> (and <c>lr-find</c>): the first asks the trainer to stop after the step under
    /// way, write a checkpoint and return (the finder: to report the steps taken); a second one is left to the runtime's default, which ends the
    /// process at once. The exit code is the shell's for the signal (130, 143).
    /// </summary>
    internal sealed class StopSignals : IDisposable
    {
        readonly CancellationTokenSource source = new CancellationTokenSource();
        readonly PosixSignalRegistration[] registrations;
        int received;

        StopSignals(CliConsole console, string action)
        {
            registrations = new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM }
                .Select(signal => PosixSignalRegistration.Create(signal, context => OnSignal(context, console, action)))
                .ToArray();
        }

        /// <summary>Listens until disposed; <paramref name="action"/> is what the first signal does, as told to the user.</summary>
        public static StopSignals Listen(CliConsole console, string action = "finishing the current step and writing a checkpoint") =>
            new StopSignals(console, action);

        public CancellationToken Token => source.Token;

        /// <summary>128 + the signal's number, as a shell reports a process the signal ended.</summary>
        public int ExitCode => received == (int)PosixSignal.SIGINT ? 130 : 143;

        void OnSignal(PosixSignalContext context, CliConsole console, string action)
        {
            if (Interlocked.CompareExchange(ref received, (int)context.Signal, 0) != 0)
            {
                context.Cancel = false;   // the second signal: the default action, the process ends now
                return;
            }
            context.Cancel = true;
            console.Error.WriteLine($"{context.Signal}: {action} (send it again to exit at once)");
            source.Cancel();
        }

        /// <summary>What the user needs after a clean stop: where the checkpoint is and how to go on.</summary>
        public int Report(CliConsole console, TrainingStoppedException stopped)
        {
            console.Out.Flush();
            console.Error.WriteLine("error: " + stopped.Message);
            if (stopped.Checkpoint != null)
                console.Error.WriteLine($"to continue: run the same train command with --resume (it reads {stopped.Checkpoint})");
            return ExitCode;
        }

        public void Dispose()
        {
            foreach (var registration in registrations) registration.Dispose();
            source.Dispose();
        }
    }
}
