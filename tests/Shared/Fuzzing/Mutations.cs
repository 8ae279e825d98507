using System;
using System.Buffers.Binary;
using System.Collections.Generic;

namespace NetDsl.Fuzzing
{
    /// <summary>
    /// Byte-level mutations of a valid input, AFL-style: bit flips, interesting values (0, 0xFF, 0x7F, 0x80,
    /// int and long extremes, large sizes) over 1/2/4/8 bytes in either byte order, inserted, deleted or
    /// duplicated ranges, and truncation. One to four mutations per input; deterministic for a given Random.
    /// </summary>
    public static class Mutations
    {
        static readonly long[] Interesting =
        {
            0, 1, -1, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000, 0xFFFF, 0x10000, int.MaxValue, int.MinValue, uint.MaxValue,
            long.MaxValue, long.MinValue, 1L << 31, 1L << 32, 1L << 40, 1_600_000_000, 100_000_001,
        };

        public static byte[] Mutate(byte[] seed, Random random)
        {
            var data = new List<byte>(seed);
            int count = 1 + random.Next(4);
            for (int i = 0; i < count; i++) MutateOnce(data, random);
            return data.ToArray();
        }

        static void MutateOnce(List<byte> data, Random random)
        {
            if (data.Count == 0) { data.Add((byte)random.Next(256)); return; }
            int at = random.Next(data.Count);
            switch (random.Next(9))
            {
                case 0: data[at] ^= (byte)(1 << random.Next(8)); break;
                case 1: data[at] = (byte)random.Next(256); break;
                case 2:
                case 3: WriteInteresting(data, at, random); break;
                case 4: data.RemoveRange(at, Math.Min(data.Count - at, 1 + random.Next(Math.Min(64, data.Count)))); break;
                case 5:
                    var inserted = new byte[1 + random.Next(32)];
                    random.NextBytes(inserted);
                    data.InsertRange(at, inserted);
                    break;
                case 6:
                    int length = Math.Min(data.Count - at, 1 + random.Next(256));
                    data.InsertRange(random.Next(data.Count), data.GetRange(at, length));
                    break;
                case 7: data.RemoveRange(at, data.Count - at); break;   // truncate
                default:
                    // Many bytes near one place: a damaged sector rather than a single flip.
                    for (int k = 0; k < 8 && at + k < data.Count; k++) data[at + k] = (byte)random.Next(256);
                    break;
            }
        }

        static void WriteInteresting(List<byte> data, int at, Random random)
        {
            long value = Interesting[random.Next(Interesting.Length)];
            int width = new[] { 1, 2, 4, 8 }[random.Next(4)];
            Span<byte> bytes = stackalloc byte[8];
            if (random.Next(2) == 0) BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
            else
            {
                BinaryPrimitives.WriteInt64BigEndian(bytes, value);
                bytes = bytes[(8 - width)..];
            }
            for (int k = 0; k < width && at + k < data.Count; k++) data[at + k] = bytes[k];
        }

        /// <summary>Command-line tokens: dropped, duplicated, swapped, replaced by option names or odd values, or edited.</summary>
        public static string[] MutateTokens(string[] seed, IReadOnlyList<string> vocabulary, Random random)
        {
            var tokens = new List<string>(seed);
            int count = 1 + random.Next(3);
            for (int i = 0; i < count; i++)
            {
                int at = tokens.Count == 0 ? 0 : random.Next(tokens.Count);
                switch (random.Next(6))
                {
                    case 0: if (tokens.Count > 0) tokens.RemoveAt(at); break;
                    case 1: tokens.Insert(at, vocabulary[random.Next(vocabulary.Count)]); break;
                    case 2: if (tokens.Count > 0) tokens[at] = vocabulary[random.Next(vocabulary.Count)]; break;
                    case 3:
                        if (tokens.Count > 1)
                        {
                            int other = random.Next(tokens.Count);
                            (tokens[at], tokens[other]) = (tokens[other], tokens[at]);
                        }
                        break;
                    case 4:
                        if (tokens.Count > 0)
                        {
                            var bytes = System.Text.Encoding.UTF8.GetBytes(tokens[at]);
                            tokens[at] = System.Text.Encoding.UTF8.GetString(Mutate(bytes, random));
                        }
                        break;
                    default: tokens.Insert(at, tokens.Count > 0 ? tokens[random.Next(tokens.Count)] : "--"); break;
                }
            }
            return tokens.ToArray();
        }
    }
}
