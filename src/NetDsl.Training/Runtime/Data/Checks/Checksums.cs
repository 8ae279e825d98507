using System;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// The two checksums the formats NetDsl reads carry: CRC-32 (PNG chunks, zlib's polynomial; also over a
    /// checkpoint's payload) and Adler-32 (the zlib stream inside a PNG). Both run incrementally.
    /// </summary>
    internal static class Checksums
    {
        static readonly uint[] CrcTable = BuildCrcTable();

        static uint[] BuildCrcTable()
        {
            var table = new uint[256];
            for (uint n = 0; n < 256; n++)
            {
                uint c = n;
                for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
                table[n] = c;
            }
            return table;
        }

        /// <summary>Continues a CRC-32: start with 0, feed the pieces in order.</summary>
        public static uint Crc32(uint crc, ReadOnlySpan<byte> data)
        {
            uint c = ~crc;
            foreach (byte b in data) c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
            return ~c;
        }

        /// <summary>Continues an Adler-32: start with 1, feed the pieces in order.</summary>
        public static uint Adler32(uint adler, ReadOnlySpan<byte> data)
        {
            const uint Mod = 65521;
            uint a = adler & 0xFFFF, b = adler >> 16;
            while (data.Length > 0)
            {
                // 5552 bytes is the most that cannot overflow b before the modulo (zlib's NMAX).
                int n = Math.Min(data.Length, 5552);
                foreach (byte x in data[..n]) { a += x; b += a; }
                a %= Mod;
                b %= Mod;
                data = data[n..];
            }
            return (b << 16) | a;
        }
    }
}
