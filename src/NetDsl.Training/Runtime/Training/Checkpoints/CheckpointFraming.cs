using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using NetDsl.Runtime.Data;

namespace NetDsl.Runtime.Training
{
    /// <summary>
    /// A checkpoint's outer layout: magic, format version, then (format 3 on) the payload's length and CRC-32,
    /// then the payload. Reading checks the length against the file before anything is parsed (truncation is
    /// named at once) and, for a full load, the checksum over the whole payload (bit rot is named, never loaded).
    /// Formats 1 and 2 had neither and are read as they are.
    /// </summary>
    static class CheckpointFraming
    {
        const int LengthAndChecksum = 8 + 4;

        public static void Write(Stream file, byte[] magic, int version, Action<Stream> writePayload)
        {
            Span<byte> head = stackalloc byte[4 + LengthAndChecksum];
            head.Clear();
            BinaryPrimitives.WriteInt32LittleEndian(head, version);
            file.Write(magic);
            file.Write(head);
            var payload = new ChecksumStream(file);
            writePayload(payload);
            long end = file.Position;
            BinaryPrimitives.WriteInt64LittleEndian(head[4..], payload.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(head[12..], payload.Crc);
            file.Position = magic.Length;
            file.Write(head);
            file.Position = end;
        }

        /// <summary>Checks the framing and leaves <paramref name="file"/> at the payload's start; returns the format version.</summary>
        public static int Open(string path, Stream file, byte[] magic, int newest, bool verifyChecksum)
        {
            Span<byte> head = stackalloc byte[magic.Length + 4];
            if (file.Length < head.Length)
                throw new InvalidDataException($"{path}: {file.Length} bytes, too short for a NetDsl checkpoint (truncated or not a checkpoint)");
            file.ReadExactly(head);
            if (!head[..magic.Length].SequenceEqual(magic))
                throw LooksLikeSafeTensors(head, file.Length)
                    ? new InvalidDataException($"{path}: this is a safetensors weights file, not a NetDsl checkpoint; load it with WeightLoader.Load(model, \"{path}\")")
                        .WithCommandLine($"{path}: this is a safetensors weights file, not a NetDsl checkpoint; use --weights {path}")
                    : new InvalidDataException($"{path}: not a NetDsl checkpoint (it does not start with {System.Text.Encoding.ASCII.GetString(magic)})");
            int version = BinaryPrimitives.ReadInt32LittleEndian(head[magic.Length..]);
            if (version < 1 || version > newest)
                throw new InvalidDataException($"{path}: checkpoint format {version} is not supported (this NetDsl reads 1 to {newest})");
            if (version < 3) return version;

            Span<byte> frame = stackalloc byte[LengthAndChecksum];
            if (file.Length - file.Position < frame.Length)
                throw new InvalidDataException($"{path}: truncated checkpoint: {file.Length} bytes end inside the header");
            file.ReadExactly(frame);
            long declared = BinaryPrimitives.ReadInt64LittleEndian(frame);
            uint stored = BinaryPrimitives.ReadUInt32LittleEndian(frame[8..]);
            long start = file.Position, actual = file.Length - start;
            if (declared != actual)
                throw new InvalidDataException(declared > actual
                    ? $"{path}: truncated checkpoint: the header announces {declared} payload bytes but the file holds {actual}"
                    : $"{path}: corrupt checkpoint: {actual - declared} bytes beyond the {declared} payload bytes the header announces");
            if (verifyChecksum)
            {
                uint computed = Crc(file, actual);
                if (computed != stored)
                    throw new InvalidDataException($"{path}: corrupt checkpoint: the payload's CRC-32 is 0x{computed:x8}, the header says 0x{stored:x8} (bit rot or a damaged copy); nothing was loaded");
                file.Position = start;
            }
            return version;
        }

        static uint Crc(Stream file, long length)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
            try
            {
                uint crc = 0;
                while (length > 0)
                {
                    int n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, length));
                    if (n == 0) throw new EndOfStreamException();
                    crc = Checksums.Crc32(crc, buffer.AsSpan(0, n));
                    length -= n;
                }
                return crc;
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        /// <summary>A little-endian header length that fits the file, then '{': safetensors' first bytes.</summary>
        static bool LooksLikeSafeTensors(ReadOnlySpan<byte> head, long fileLength)
        {
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(head);
            return head.Length > 8 && length >= 2 && length <= (ulong)fileLength - 8 && head[8] == (byte)'{';
        }

        /// <summary>Passes writes through, counting them and keeping their CRC-32.</summary>
        sealed class ChecksumStream(Stream inner) : Stream
        {
            long written;
            public uint Crc { get; private set; }
            public override long Length => written;
            public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
            public override void Write(ReadOnlySpan<byte> buffer)
            {
                inner.Write(buffer);
                Crc = Checksums.Crc32(Crc, buffer);
                written += buffer.Length;
            }
            public override void WriteByte(byte value) => Write(new[] { value });
            public override void Flush() => inner.Flush();
            public override bool CanRead => false;
            public override bool CanSeek => false;
            public override bool CanWrite => true;
            public override long Position { get => written; set => throw new NotSupportedException(); }
            public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
            public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
            public override void SetLength(long value) => throw new NotSupportedException();
        }
    }
}
