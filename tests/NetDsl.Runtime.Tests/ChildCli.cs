using System.Diagnostics;
using System.Runtime.InteropServices;

namespace NetDsl.Runtime.Tests
{
    /// <summary>The CLI in a child process (see <see cref="ChildProcessEntry"/>), for tests that signal or kill it.</summary>
    public static class ChildCli
    {
        public static Process Start(params string[] args)
        {
            // env resets SIGINT to its default first: a test host started in the background by a non-interactive
            // shell inherits SIGINT ignored, and .NET keeps an inherited ignore, so the child would never see Ctrl-C.
            var info = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("--default-signal=INT");
            info.ArgumentList.Add("dotnet");
            info.ArgumentList.Add(typeof(ChildProcessEntry).Assembly.Location);
            info.ArgumentList.Add("cli");
            foreach (string a in args) info.ArgumentList.Add(a);
            info.Environment["CI"] = "true";
            return Process.Start(info)!;
        }

        /// <summary>Sends a POSIX signal (SIGTERM = 15, SIGINT = 2) to the process.</summary>
        public static void Signal(Process process, int signal)
        {
            if (kill(process.Id, signal) != 0) throw new System.ComponentModel.Win32Exception(Marshal.GetLastPInvokeError());
        }

        [DllImport("libc", SetLastError = true)]
        static extern int kill(int pid, int signal);
    }
}
