using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Helpers for the bad-input tests: running the CLI in process, fingerprints of folders, hand-made files.</summary>
    public static class RobustFiles
    {
        public static (int Code, string Output, string Error) Cli(params string[] args) => CliCapture.Cli(args);

        /// <summary>
        /// Every file under <paramref name="root"/> with its SHA-256: equal fingerprints, nothing written changed. A
        /// run's lock file is left out: a live run holds it locked (unreadable), which is its job.
        /// </summary>
        public static Dictionary<string, string> Fingerprint(string root) =>
            Directory.Exists(root)
                ? Directory.GetFiles(root, "*", SearchOption.AllDirectories).Where(f => Path.GetFileName(f) != NetDsl.Runtime.Training.RunLock.FileName)
                    .OrderBy(f => f, StringComparer.Ordinal)
                    .ToDictionary(f => Path.GetRelativePath(root, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))))
                : new Dictionary<string, string>();

        /// <summary>
        /// A safetensors file with the given header entries (F32, offsets laid end to end) whose data is
        /// <paramref name="dataLength"/> bytes of zeros, made sparse: a header may claim gigabytes cheaply.
        /// </summary>
        public static void WriteHeaderOnly(string path, IEnumerable<(string Name, long[] Shape)> entries, long dataLength)
        {
            var json = new StringBuilder("{");
            long offset = 0;
            foreach (var (name, shape) in entries)
            {
                long bytes = shape.Aggregate(4L, (a, d) => a * d);
                if (json.Length > 1) json.Append(',');
                json.Append($"\"{name}\":{{\"dtype\":\"F32\",\"shape\":[{string.Join(",", shape)}],\"data_offsets\":[{offset},{offset + bytes}]}}");
                offset += bytes;
            }
            json.Append('}');
            byte[] header = Encoding.UTF8.GetBytes(json.ToString());
            using var file = File.Create(path);
            file.Write(BitConverter.GetBytes((ulong)header.Length));
            file.Write(header);
            file.SetLength(8 + header.Length + dataLength);
        }

        /// <summary>Flips one bit of the byte at <paramref name="offset"/> bytes past the first occurrence of <paramref name="marker"/>.</summary>
        public static void FlipAfter(string path, string marker, int offset)
        {
            byte[] bytes = File.ReadAllBytes(path);
            int at = bytes.AsSpan().IndexOf(Encoding.ASCII.GetBytes(marker));
            if (at < 0) throw new InvalidOperationException($"{path}: no '{marker}'");
            bytes[at + marker.Length + offset] ^= 0x10;
            File.WriteAllBytes(path, bytes);
        }
    }
}
