using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;

namespace NetDsl.Tests.Shared
{
    /// <summary>
    /// One long-lived Python interpreter running tests/reference/conformance/oracle_server.py (copied next to the test
    /// assembly): each script runs in it as `python3 SCRIPT ARGS` would (same exit code and output), but the modules the
    /// server is started with are imported once per test run instead of once per script (a process start plus `import torch,
    /// torchvision` costs 2-9 s on a busy 2-core host, `import onnx` about 3 s). Requests are served one at a time; a script
    /// that runs past its time limit kills the server, and the next request starts a fresh one. Linked into the Conformance
    /// (torchvision oracles) and Zoo (ONNX checker) test projects.
    /// </summary>
    internal sealed class PythonScriptServer
    {
        readonly string python;
        readonly string server;
        readonly IReadOnlyList<string> preload;
        readonly object gate = new object();
        Process? process;
        readonly System.Text.StringBuilder errors = new System.Text.StringBuilder();

        /// <param name="python">The interpreter.</param>
        /// <param name="server">oracle_server.py's path.</param>
        /// <param name="preload">The modules the server imports before it is ready (none: its default, torch and torchvision).</param>
        public PythonScriptServer(string python, string server, params string[] preload)
        {
            this.python = python;
            this.server = server;
            this.preload = preload;
        }

        /// <summary>Starts the server if it is not running: null once it is ready, else what it printed before it exited.</summary>
        public string? Start(TimeSpan timeout)
        {
            lock (gate) return StartLocked(timeout);
        }

        string? StartLocked(TimeSpan timeout)
        {
            if (process is { HasExited: false }) return null;
            process?.Dispose();
            process = null;
            var start = new ProcessStartInfo(python)
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new System.Text.UTF8Encoding(false),
                StandardOutputEncoding = System.Text.Encoding.UTF8,
            };
            start.ArgumentList.Add(server);
            foreach (string module in preload) start.ArgumentList.Add(module);
            start.Environment["OMP_NUM_THREADS"] = "2";
            var started = Process.Start(start) ?? throw new InvalidOperationException($"{python} did not start");
            lock (errors) errors.Clear();
            started.ErrorDataReceived += (_, e) => { if (e.Data != null) lock (errors) errors.AppendLine(e.Data); };
            started.BeginErrorReadLine();
            string? ready = ReadLine(started, timeout);
            if (ready is null || !ready.StartsWith("ready ", StringComparison.Ordinal))
            {
                Stop(started);
                lock (errors) return (ready ?? "") + "\n" + errors;
            }
            process = started;
            return null;
        }

        /// <summary>Runs <paramref name="script"/> with <paramref name="arguments"/> (and <paramref name="stdin"/> as its input): its exit code and its stdout then stderr.</summary>
        public (int Code, string Output) Run(string script, IReadOnlyList<string> arguments, string? stdin, TimeSpan timeout)
        {
            lock (gate)
            {
                if (StartLocked(TimeSpan.FromMinutes(2)) is string failure) return (-1, $"{python} {Path.GetFileName(server)} did not start:\n{failure}");
                var running = process!;
                string request = System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?> { ["script"] = script, ["args"] = arguments, ["stdin"] = stdin });
                running.StandardInput.WriteLine(request);
                running.StandardInput.Flush();
                string? line = ReadLine(running, timeout);
                if (line is null)
                {
                    process = null;
                    bool exited = running.HasExited;
                    Stop(running);
                    if (!exited) throw new TimeoutException($"{python} {script} {string.Join(" ", arguments)} ran longer than {timeout}");
                    lock (errors) return (-1, $"{python} {Path.GetFileName(server)} exited while running {script}:\n{errors}");
                }
                using var reply = System.Text.Json.JsonDocument.Parse(line);
                return (reply.RootElement.GetProperty("code").GetInt32(), reply.RootElement.GetProperty("output").GetString() ?? "");
            }
        }

        /// <summary>The next stdout line, or null at its end or after <paramref name="timeout"/>.</summary>
        static string? ReadLine(Process server, TimeSpan timeout)
        {
            var read = server.StandardOutput.ReadLineAsync();
            return read.Wait(timeout) ? read.Result : null;
        }

        static void Stop(Process server)
        {
            try { if (!server.HasExited) server.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { }
            server.Dispose();
        }
    }
}
