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
    /// <summary>SIGTERM and SIGINT during training in a child process: a clean stop, a checkpoint, a resume that continues.</summary>
    public class CleanStopTests(ITestOutputHelper log)
    {
        static readonly string[] Train = { "train", "tinycnn-gray", "--input", "1x12x12", "--epochs", "2", "--batch", "64", "--lr", "0.05", "--seed", "3", "--checkpoint-every", "0" };

        /// <summary>Starts training and waits for epoch 1's line: the child is then inside epoch 2 with its handlers set.</summary>
        static (Process Child, StringWriterSink Output, StringWriterSink Error) StartInEpochTwo(string outDir) =>
            StartUntil("epoch 1/2", "the child ended before epoch 2: ", Train.Append("--out").Append(outDir).ToArray());

        /// <summary>Starts the CLI with <paramref name="args"/>, collecting its output, and waits for a line holding <paramref name="marker"/>.</summary>
        static (Process Child, StringWriterSink Output, StringWriterSink Error) StartUntil(string marker, string endedEarly, params string[] args)
        {
            var child = ChildCli.Start(args);
            var output = new StringWriterSink();
            var error = new StringWriterSink();
            child.OutputDataReceived += (_, e) => output.Add(e.Data);
            child.ErrorDataReceived += (_, e) => error.Add(e.Data);
            child.BeginOutputReadLine();
            child.BeginErrorReadLine();
            var clock = Stopwatch.StartNew();
            while (!child.HasExited && clock.Elapsed < TimeSpan.FromSeconds(180) && !output.Text.Contains(marker, StringComparison.Ordinal)) Thread.Sleep(10);
            Assert.False(child.HasExited, endedEarly + error.Text);
            return (child, output, error);
        }

        [Theory]
        [InlineData(15, 143)]
        [InlineData(2, 130)]
        public void A_signal_mid_epoch_finishes_the_step_writes_a_checkpoint_and_resume_continues(int signal, int exitCode)
        {
            using var dir = new TempFolder();
            var (child, output, error) = StartInEpochTwo(dir.Path);
            using (child)
            {
                ChildCli.Signal(child, signal);
                Assert.True(child.WaitForExit(120_000), "the child did not stop after the signal");
                child.WaitForExit();
                log.WriteLine(error.Text);
                Assert.Equal(exitCode, child.ExitCode);
            }
            string checkpoint = Path.Combine(dir.Path, Checkpoint.FileName);
            var info = Checkpoint.ReadInfo(checkpoint);
            Assert.Equal(1, info.Epoch);
            Assert.True(info.Position is { StepInEpoch: > 0 }, "the checkpoint is not mid-epoch");
            int step = info.Position!.StepInEpoch;
            Assert.Contains($"error: stopped on request after step {step} of epoch 2; checkpoint written to {checkpoint}", error.Text);
            Assert.Contains("run the same train command with --resume", error.Text);
            Assert.DoesNotContain(Directory.GetFiles(dir.Path), f => f.EndsWith(".tmp", StringComparison.Ordinal));

            var (code, resumed, resumeError) = RobustFiles.Cli(Train.Append("--out").Append(dir.Path).Append("--resume").ToArray());
            Assert.True(code == 0, resumeError);
            Assert.Contains($"after epoch 1, step {step} of epoch 2", resumed);
            Assert.Contains("test accuracy: ", resumed);
            Assert.Equal(2, Checkpoint.ReadInfo(checkpoint).Epoch);
        }

        [Fact]
        public void A_signal_during_lr_find_reports_the_steps_taken_writes_them_and_exits_with_the_signals_code()
        {
            using var dir = new TempFolder();
            string prefix = Path.Combine(dir.Path, "lr");
            var (child, output, error) = StartUntil("sweep: ", "lr-find ended before its sweep: ", "lr-find", "tinycnn-gray", "--input", "1x12x12", "--batch", "64",
                "--steps", "1000000", "--min-lr", "1e-7", "--max-lr", "1e-6", "--out", prefix);
            using var running = child;
            Thread.Sleep(1500);   // a few steps in
            ChildCli.Signal(child, 2);
            Assert.True(child.WaitForExit(120_000), "lr-find did not stop after SIGINT");
            child.WaitForExit();
            log.WriteLine(output.Text + error.Text);
            Assert.Equal(130, child.ExitCode);
            Assert.Contains("SIGINT: finishing the current step and showing the sweep so far", error.Text);
            Assert.Matches(@"stopped on request after step \d+ of 1000000: the table and suggestions cover those steps only", error.Text);
            Assert.Contains("suggested lr: ", output.Text);
            Assert.True(File.ReadAllLines(prefix + ".csv").Length > 1, "the CSV holds no step");
            Assert.True(File.Exists(prefix + ".png"));
        }

        [Fact]
        public void A_second_signal_ends_the_process_at_once()
        {
            using var dir = new TempFolder();
            var (child, _, _) = StartInEpochTwo(dir.Path);
            using (child)
            {
                ChildCli.Signal(child, 15);
                ChildCli.Signal(child, 15);
                Assert.True(child.WaitForExit(120_000), "the child outlived two SIGTERMs");
                Assert.NotEqual(0, child.ExitCode);
            }
        }

        [Fact]
        public void A_second_run_into_the_same_folder_is_refused_while_the_first_trains()
        {
            using var dir = new TempFolder();
            var (child, _, _) = StartInEpochTwo(dir.Path);
            using (child)
            {
                var before = RobustFiles.Fingerprint(dir.Path);
                var (code, _, error) = RobustFiles.Cli(Train.Append("--out").Append(dir.Path).Append("--resume").ToArray());
                Assert.Equal(NetDsl.Cli.ExitCodes.Failure, code);
                Assert.Contains($"{dir.Path}: another training run is writing to this folder", error);
                child.Kill(entireProcessTree: true);   // SIGKILL: the kernel drops its lock with it
                child.WaitForExit();
                Assert.Equal(before.Keys.Where(k => !k.StartsWith(".checkpoint", StringComparison.Ordinal)), RobustFiles.Fingerprint(dir.Path).Keys.Where(k => !k.StartsWith(".checkpoint", StringComparison.Ordinal)));
            }
            // The killed run left its lock file, not its lock: the folder can be claimed again.
            Assert.True(File.Exists(Path.Combine(dir.Path, RunLock.FileName)));
            using var claim = RunLock.Acquire(dir.Path);
        }
    }

    /// <summary>Lines a child process writes, collected from its reader threads.</summary>
    public sealed class StringWriterSink
    {
        readonly System.Text.StringBuilder text = new System.Text.StringBuilder();

        public void Add(string? line)
        {
            if (line == null) return;
            lock (text) text.AppendLine(line);
        }

        public string Text
        {
            get { lock (text) return text.ToString(); }
        }
    }
}
