using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Training;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A real process killed with SIGKILL mid-epoch, then resumed through the CLI.</summary>
    public class KillAndResumeTests(ITestOutputHelper log)
    {
        static Process Start(params string[] args)
        {
            var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add(typeof(ChildProcessEntry).Assembly.Location);
            info.ArgumentList.Add("cli");
            foreach (string a in args) info.ArgumentList.Add(a);
            info.Environment["CI"] = "true";
            return Process.Start(info)!;
        }

        static bool MidEpochCheckpoint(string path)
        {
            if (!File.Exists(path)) return false;
            try { return Checkpoint.ReadInfo(path).Position is { StepInEpoch: > 0 }; }
            catch (IOException) { return false; } // replaced while being read
        }

        [Fact]
        public void ARunKilledMidEpochResumesFromItsLastStepCheckpointAndFinishes()
        {
            using var dir = new TempFolder();
            string[] train = { "train", "tinycnn-gray", "--input", "1x12x12", "--epochs", "1", "--batch", "64", "--lr", "0.05", "--seed", "3",
                               "--checkpoint-every", "10", "--out", dir.Path };
            string checkpoint = dir.File(Checkpoint.FileName);
            var clock = Stopwatch.StartNew();
            using (var child = Start(train))
            {
                // Drain the child's output so it can never block on a full pipe.
                child.OutputDataReceived += (_, _) => { };
                child.ErrorDataReceived += (_, _) => { };
                child.BeginOutputReadLine();
                child.BeginErrorReadLine();
                // Kill once a mid-epoch checkpoint exists (the epoch has 157 steps, saved every 10).
                while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(120) && !MidEpochCheckpoint(checkpoint)) Thread.Sleep(20);
                Assert.False(child.HasExited, "the child finished or failed before a mid-epoch checkpoint");
                log.WriteLine($"mid-epoch checkpoint seen after {clock.Elapsed.TotalSeconds:F1}s");
                child.Kill(entireProcessTree: true); // SIGKILL on Unix: no finalizers, no flushing
                Assert.True(child.WaitForExit(10_000), "the child outlived SIGKILL");
            }
            double killedAt = clock.Elapsed.TotalSeconds;
            var info = Checkpoint.ReadInfo(checkpoint);
            Assert.True(info.Epoch == 0, $"killed after {killedAt:F1}s, but the checkpoint is of step {info.Step} (epoch {info.Epoch})");
            Assert.True(info.Position!.StepInEpoch > 0 && info.Position.StepInEpoch % 10 == 0, $"step {info.Position.StepInEpoch}");

            using var resumed = Start(train.Append("--resume").ToArray());
            string output = resumed.StandardOutput.ReadToEnd(), error = resumed.StandardError.ReadToEnd();
            resumed.WaitForExit();
            log.WriteLine($"killed after {killedAt:F1}s at step {info.Position.StepInEpoch}; resumed run took {clock.Elapsed.TotalSeconds - killedAt:F1}s");
            Assert.True(resumed.ExitCode == 0, error);
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToArray();
            Assert.Contains(lines, l => l.Contains($"after epoch 0, step {info.Position.StepInEpoch} of epoch 1", StringComparison.Ordinal));
            Assert.StartsWith("test accuracy: ", lines[^1]);
            Assert.Equal(1, Checkpoint.ReadInfo(checkpoint).Epoch);
            Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal) || f.Contains(".tmp.", StringComparison.Ordinal));
        }
    }
}
