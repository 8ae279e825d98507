using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using NetDsl.Runtime.Training;
using Xunit;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>A real process killed with SIGKILL mid-epoch, then resumed through the CLI.</summary>
    public class KillAndResumeTests(ITestOutputHelper log)
    {
        static Process Start(params string[] args) => ChildCli.Start(args);

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
    
        [Fact]
        public void A_kill_during_the_checkpoint_write_leaves_the_previous_checkpoint_intact_and_the_next_start_cleans_up()
        {
            using var dir = new TempFolder();
            string[] train = { "train", "widemlp", "--input", "1x12x12", "--epochs", "1", "--batch", "256", "--lr", "0.01", "--seed", "3", "--out", dir.Path };
            string checkpoint = dir.File(Checkpoint.FileName);
            string[] temporaries = Array.Empty<string>();
            for (int attempt = 0; attempt < 3 && temporaries.Length == 0; attempt++)
            {
                foreach (string file in Directory.GetFiles(dir.Path)) File.Delete(file);
                var clock = Stopwatch.StartNew();
                using var child = Start(train.Append("--checkpoint-every").Append("2").ToArray());
                child.OutputDataReceived += (_, _) => { };
                child.ErrorDataReceived += (_, _) => { };
                child.BeginOutputReadLine();
                child.BeginErrorReadLine();
                // A first checkpoint, then the next write under way: kill while its temporary file exists.
                while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(180) && !File.Exists(checkpoint)) Thread.Sleep(5);
                while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(180) && Temporaries(dir.Path).Length == 0) Thread.Sleep(1);
                Assert.False(child.HasExited, "the child ended before a second checkpoint write");
                child.Kill(entireProcessTree: true);
                Assert.True(child.WaitForExit(10_000), "the child outlived SIGKILL");
                temporaries = Temporaries(dir.Path);
                log.WriteLine($"attempt {attempt + 1}: killed after {clock.Elapsed.TotalSeconds:F1}s; {temporaries.Length} temporary file(s) left");
            }
            Assert.NotEmpty(temporaries);

            // The checkpoint in place is a complete earlier one: it loads with its checksum verified.
            random.manual_seed(0);
            using (var model = new WideMlp())
            using (var optimizer = new TrainerOptions().CreateOptimizer(model))
            {
                var info = Checkpoint.Load(checkpoint, model, optimizer);
                Assert.True(info.Position is { StepInEpoch: > 0 } p && p.StepInEpoch % 2 == 0, "the surviving checkpoint is not a mid-epoch one");
            }

            // The next start removes the dead write's temporary file and continues from the intact checkpoint.
            var (code, output, error) = RobustFiles.Cli(train.Append("--checkpoint-every").Append("0").Append("--resume").ToArray());
            Assert.True(code == 0, error);
            Assert.Contains("test accuracy: ", output);
            Assert.Empty(Temporaries(dir.Path));
        }

        static string[] Temporaries(string directory) => Directory.GetFiles(directory, "." + Checkpoint.FileName + ".*.tmp");
    }
}
