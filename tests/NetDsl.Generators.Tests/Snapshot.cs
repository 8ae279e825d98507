using System;
using System.IO;
using System.Runtime.CompilerServices;
using Xunit.Sdk;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Compares generated text with a committed file under Snapshots/. With NETDSL_UPDATE_SNAPSHOTS=1 the file is
    /// (re)written instead: review the diff and commit it. A missing file is a failure, never silently created.
    /// </summary>
    internal static class Snapshot
    {
        public const string UpdateVariable = "NETDSL_UPDATE_SNAPSHOTS";

        public static void Match(string name, string actual, [CallerFilePath] string caller = "")
        {
            string path = Path.Combine(Path.GetDirectoryName(caller)!, "Snapshots", name + ".txt");
            actual = actual.Replace("\r\n", "\n");
            if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
            {
                File.WriteAllText(path, actual);
                return;
            }
            if (!File.Exists(path))
                throw new XunitException($"no snapshot {path}: run the tests with {UpdateVariable}=1 to write it, review it and commit it.");
            string expected = File.ReadAllText(path).Replace("\r\n", "\n");
            if (expected == actual) return;
            string[] e = expected.Split('\n'), a = actual.Split('\n');
            int line = 0;
            while (line < e.Length && line < a.Length && e[line] == a[line]) line++;
            throw new XunitException(
                $"generated code differs from {path} at line {line + 1}:\n  expected: {(line < e.Length ? e[line] : "(end of file)")}\n  actual:   {(line < a.Length ? a[line] : "(end of file)")}\n" +
                $"If the change is intended, run the tests with {UpdateVariable}=1 and review the snapshot's diff.");
        }
    }
}
