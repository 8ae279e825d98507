using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using NetDsl.Weights;
using Xunit;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Conformance.Tests
{
    public sealed class SafeTensorsTests : IDisposable
    {
        readonly TempDir dir = new TempDir();
        public void Dispose() => dir.Dispose();

        public static TheoryData<ScalarType> SupportedTypes => new TheoryData<ScalarType>
        {
            ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16, ScalarType.Int64,
            ScalarType.Int32, ScalarType.Int16, ScalarType.Int8, ScalarType.Byte, ScalarType.Bool,
        };

        [Theory]
        [MemberData(nameof(SupportedTypes))]
        public void RoundTrip_KeepsDTypeShapeAndValues(ScalarType type)
        {
            using var scope = NewDisposeScope();
            using TorchSharp.Scalar fifty = 50.0.ToScalar();
            Tensor source = randn(3, 4, 5).mul(fifty).to_type(type);
            Tensor scalar = tensor(1).to_type(type);
            Tensor emptyOne = zeros(new long[] { 0, 3 }, type);
            string path = dir.File("a.safetensors");
            SafeTensors.Write(path, new[] { ("x", source), ("scalar", scalar), ("empty", emptyOne) });

            using var read = SafeTensors.Read(path);
            Assert.Equal(new[] { "x", "scalar", "empty" }, read.Keys.ToArray());
            Assert.Equal(type, read["x"].dtype);
            Assert.Equal(source.shape, read["x"].shape);
            Assert.True(TestTensors.Same(read["x"], source));
            Assert.Empty(read["scalar"].shape);
            Assert.True(TestTensors.Same(read["scalar"], scalar));
            Assert.Equal(new long[] { 0, 3 }, read["empty"].shape);
        }

        [Fact]
        public void Write_HeaderIsPaddedToEightBytes_EntriesContiguousInOrder_NonContiguousInputCopied()
        {
            using var scope = NewDisposeScope();
            using TorchSharp.Scalar twelve = 12L.ToScalar();
            Tensor t = arange(twelve, ScalarType.Float32).reshape(3, 4).t();   // not contiguous
            string path = dir.File("b.safetensors");
            SafeTensors.Write(path, new[] { ("b", t), ("a", ones(2, ScalarType.Int64)) }, new Dictionary<string, string> { ["format"] = "pt" });

            byte[] bytes = File.ReadAllBytes(path);
            ulong n = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
            Assert.Equal(0UL, n % 8);
            string header = Encoding.UTF8.GetString(bytes, 8, (int)n);
            Assert.Contains("\"b\":{\"dtype\":\"F32\",\"shape\":[4,3],\"data_offsets\":[0,48]}", header);
            Assert.Contains("\"a\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[48,64]}", header);
            Assert.Equal(8 + (long)n + 64, bytes.Length);
            using var read = SafeTensors.Read(path);
            Assert.True(TestTensors.Same(read["b"], t));
            Assert.Equal("pt", read.Metadata["format"]);
            Assert.Empty(Directory.GetFiles(dir.Path, "*.tmp"));
        }

        [Fact]
        public void Write_RejectsDuplicateNames()
        {
            using var scope = NewDisposeScope();
            var e = Assert.Throws<ArgumentException>(() => SafeTensors.Write(dir.File("d.safetensors"), new[] { ("w", ones(1)), ("w", ones(1)) }));
            Assert.Contains("'w'", e.Message);
            Assert.False(File.Exists(dir.File("d.safetensors")));
        }

        [Fact]
        public void Read_AllowsGapsBetweenEntries()
        {
            // Gaps between entries are allowed; only overlap is an error.
            string path = Hostile("gap", "{\"a\":{\"dtype\":\"U8\",\"shape\":[2],\"data_offsets\":[0,2]},\"b\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[4,5]}}", 8);
            using var read = SafeTensors.Read(path);
            Assert.Equal(new long[] { 1 }, read["b"].shape);
        }

        // Hostile files: each must be an InvalidDataException naming the file and (where there is one) the entry.

        [Fact]
        public void HeaderLength_BeyondTheFile()
        {
            string path = dir.File("long.safetensors");
            var bytes = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);
            File.WriteAllBytes(path, bytes);
            AssertInvalid(path, null, "runs past the end of the file");
        }

        [Fact]
        public void HeaderLength_Huge()
        {
            string path = dir.File("huge.safetensors");
            var bytes = new byte[16];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, ulong.MaxValue);
            File.WriteAllBytes(path, bytes);
            AssertInvalid(path, null, "runs past the end of the file");
        }

        [Fact]
        public void FileShorterThanTheLengthPrefix()
        {
            string path = dir.File("short.safetensors");
            File.WriteAllBytes(path, new byte[3]);
            AssertInvalid(path, null, "shorter than the 8-byte header length");
        }

        [Fact]
        public void Header_NotJson() => AssertInvalid(Hostile("notjson", "{\"a\": [1, 2", 0), null, "not valid JSON");

        [Fact]
        public void Header_NotAnObject() => AssertInvalid(Hostile("array", "[1, 2, 3]", 0), null, "not an object");

        [Fact]
        public void Header_DuplicateEntry() => AssertInvalid(Hostile("dup",
            "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}", 2), "w", "appears twice");

        [Fact]
        public void UnknownDType() => AssertInvalid(Hostile("dtype", "{\"w\":{\"dtype\":\"F8_E4M3X\",\"shape\":[1],\"data_offsets\":[0,1]}}", 1), "w", "unknown dtype 'F8_E4M3X'");

        [Fact]
        public void OffsetsOutOfRange() => AssertInvalid(Hostile("range", "{\"w\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}", 8), "w", "run past the data buffer");

        [Fact]
        public void OffsetsReversed() => AssertInvalid(Hostile("reversed", "{\"w\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,4]}}", 8), "w", "end before they begin");

        [Fact]
        public void OverlappingEntries() => AssertInvalid(Hostile("overlap",
            "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12), "b", "overlaps entry 'a'");

        [Fact]
        public void ByteCount_DiffersFromShapeTimesSize() => AssertInvalid(Hostile("count",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8), "w", "needs 12 bytes but data_offsets [0, 8] span 8");

        [Fact]
        public void NegativeShape() => AssertInvalid(Hostile("negative", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1,2],\"data_offsets\":[0,8]}}", 8), "w", "negative value -1");

        [Fact]
        public void ShapeThatOverflows() => AssertInvalid(Hostile("overflow",
            "{\"w\":{\"dtype\":\"F32\",\"shape\":[4294967296,4294967296],\"data_offsets\":[0,8]}}", 8), "w", "too large");

        [Fact]
        public void FractionalOffsets() => AssertInvalid(Hostile("fraction", "{\"w\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1.5]}}", 8), "w", "not an integer");

        [Fact]
        public void MissingDType() => AssertInvalid(Hostile("nodtype", "{\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}}", 8), "w", "needs \"dtype\"");

        [Fact]
        public void MissingFile()
        {
            string path = dir.File("absent.safetensors");
            var e = Assert.Throws<FileNotFoundException>(() => SafeTensors.Read(path));
            Assert.Contains(path, e.Message);
        }

        string Hostile(string name, string header, int dataBytes)
        {
            string path = dir.File(name + ".safetensors");
            byte[] json = Encoding.UTF8.GetBytes(header);
            var bytes = new byte[8 + json.Length + dataBytes];
            BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
            json.CopyTo(bytes, 8);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        static void AssertInvalid(string path, string? entry, string fragment)
        {
            var e = Assert.Throws<InvalidDataException>(() => SafeTensors.Read(path).Dispose());
            Assert.StartsWith(path + ":", e.Message);
            if (entry != null) Assert.Contains($"'{entry}'", e.Message);
            Assert.Contains(fragment, e.Message);
        }
    }
}
