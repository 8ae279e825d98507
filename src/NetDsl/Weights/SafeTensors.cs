using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>
    /// The safetensors format (huggingface/safetensors): a little-endian u64 header length N, N bytes of
    /// UTF-8 JSON <c>{name: {"dtype", "shape", "data_offsets": [begin, end]}, "__metadata__": {…}}</c>,
    /// then the data buffer (offsets relative to its start, little-endian values, row-major).
    /// Reading checks everything before it allocates a tensor and never executes anything; every problem
    /// is an <see cref="InvalidDataException"/> whose message names the file and the offending entry.
    /// </summary>
    public static class SafeTensors
    {
        /// <summary>The largest header read (the reference implementation's limit is 100 MB too).</summary>
        public const long MaxHeaderBytes = 100_000_000;

        const string MetadataKey = "__metadata__";

        static readonly (string Name, ScalarType Type, int Size)[] DTypes =
        {
            ("F64", ScalarType.Float64, 8), ("F32", ScalarType.Float32, 4), ("F16", ScalarType.Float16, 2),
            ("BF16", ScalarType.BFloat16, 2), ("I64", ScalarType.Int64, 8), ("I32", ScalarType.Int32, 4),
            ("I16", ScalarType.Int16, 2), ("I8", ScalarType.Int8, 1), ("U8", ScalarType.Byte, 1), ("BOOL", ScalarType.Bool, 1),
        };

        /// <summary>The dtype names this implementation reads and writes.</summary>
        public static IReadOnlyList<string> SupportedDTypes { get; } = DTypes.Select(d => d.Name).ToArray();

        /// <summary>The safetensors name of a TorchSharp dtype, or null when the format has none here.</summary>
        public static string? DTypeName(ScalarType type)
        {
            foreach (var d in DTypes) if (d.Type == type) return d.Name;
            return null;
        }

        /// <summary>
        /// Reads every tensor of <paramref name="path"/> onto the CPU. The result owns the tensors: dispose it.
        /// </summary>
        public static SafeTensorsFile Read(string path)
        {
            using var file = Open(path);
            var index = ReadIndex(path, file);
            var tensors = new List<(string, Tensor)>(index.Entries.Count);
            try
            {
                foreach (var e in index.Entries) tensors.Add((e.Name, ReadTensor(file, index, e)));
                return new SafeTensorsFile(path, tensors, index.Metadata);
            }
            catch
            {
                foreach (var (_, t) in tensors) t.Dispose();
                throw;
            }
        }

        /// <summary>Opens <paramref name="path"/> for <see cref="ReadIndex"/> and <see cref="ReadTensor"/>.</summary>
        public static FileStream Open(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: safetensors file not found", path);
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        }

        /// <summary>
        /// The header alone, checked in full (dtypes, shapes against byte ranges, every range inside the file,
        /// no overlaps) without reading any tensor data: a caller compares it with what it expects first.
        /// </summary>
        public static SafeTensorsIndex ReadIndex(string path, FileStream file)
        {
            file.Position = 0;
            var (entries, metadata, dataStart) = ReadHeader(path, file);
            CheckLayout(path, entries, file.Length - dataStart);
            return new SafeTensorsIndex(path, entries, metadata, dataStart);
        }

        /// <summary>Reads one entry's data into a new CPU tensor (the caller disposes it): memory is that tensor's size.</summary>
        public static Tensor ReadTensor(FileStream file, SafeTensorsIndex index, SafeTensorsEntry entry)
        {
            if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors reading needs a little-endian machine");
            long length = entry.End - entry.Begin;
            if (length > int.MaxValue)
                throw new InvalidDataException($"{index.Path}: entry '{entry.Name}' holds {length} bytes, more than one read of 2 GB here");
            var tensor = empty(entry.Shape, entry.Type);
            try
            {
                if (length == 0) return tensor;
                file.Position = index.DataStart + entry.Begin;
                var bytes = new byte[length];
                file.ReadExactly(bytes);
                tensor.bytes = bytes;
                return tensor;
            }
            catch (EndOfStreamException e)
            {
                tensor.Dispose();
                throw new InvalidDataException($"{index.Path}: entry '{entry.Name}' is cut short ({e.Message})", e);
            }
            catch
            {
                tensor.Dispose();
                throw;
            }
        }

        /// <summary>
        /// Writes <paramref name="tensors"/> (contiguous CPU copies, in the given order) to <paramref name="path"/>
        /// atomically: a temporary file in the same folder replaces <paramref name="path"/> only once complete.
        /// </summary>
        public static void Write(string path, IEnumerable<(string Name, Tensor Value)> tensors, IReadOnlyDictionary<string, string>? metadata = null)
        {
            var list = tensors.ToList();
            var names = new HashSet<string>(StringComparer.Ordinal);
            var header = new List<(string Name, string DType, long[] Shape, long Begin, long End)>(list.Count);
            long offset = 0;
            foreach (var (name, value) in list)
            {
                if (name == MetadataKey) throw new ArgumentException($"{path}: a tensor may not be named '{MetadataKey}'");
                if (!names.Add(name)) throw new ArgumentException($"{path}: tensor '{name}' is given twice");
                string dtype = DTypeName(value.dtype)
                    ?? throw new ArgumentException($"{path}: tensor '{name}' has dtype {value.dtype}, which safetensors here cannot hold (supported: {string.Join(", ", SupportedDTypes)})");
                long length = value.numel() * value.element_size();
                header.Add((name, dtype, value.shape, offset, offset + length));
                offset += length;
            }
            byte[] json = HeaderJson(header, metadata);

            NetDsl.Files.ReplacingWrite.To(path, file =>
            {
                Span<byte> length = stackalloc byte[8];
                BinaryPrimitives.WriteUInt64LittleEndian(length, (ulong)json.Length);
                file.Write(length);
                file.Write(json);
                if (!BitConverter.IsLittleEndian) throw new PlatformNotSupportedException("safetensors writing needs a little-endian machine");
                foreach (var (_, value) in list)
                {
                    using var scope = NewDisposeScope();
                    var cpu = value.detach().cpu().contiguous();
                    if (cpu.numel() > 0) file.Write(cpu.bytes);
                }
            });
        }

        /// <summary>The header's JSON, padded with spaces to a multiple of 8 bytes as the reference writer does.</summary>
        static byte[] HeaderJson(List<(string Name, string DType, long[] Shape, long Begin, long End)> header, IReadOnlyDictionary<string, string>? metadata)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            {
                writer.WriteStartObject();
                if (metadata is { Count: > 0 })
                {
                    writer.WriteStartObject(MetadataKey);
                    foreach (var (key, value) in metadata) writer.WriteString(key, value);
                    writer.WriteEndObject();
                }
                foreach (var (name, dtype, shape, begin, end) in header)
                {
                    writer.WriteStartObject(name);
                    writer.WriteString("dtype", dtype);
                    writer.WriteStartArray("shape");
                    foreach (long d in shape) writer.WriteNumberValue(d);
                    writer.WriteEndArray();
                    writer.WriteStartArray("data_offsets");
                    writer.WriteNumberValue(begin);
                    writer.WriteNumberValue(end);
                    writer.WriteEndArray();
                    writer.WriteEndObject();
                }
                writer.WriteEndObject();
            }
            int padding = (int)((8 - buffer.Length % 8) % 8);
            for (int i = 0; i < padding; i++) buffer.WriteByte((byte)' ');
            return buffer.ToArray();
        }

        static (List<SafeTensorsEntry> Entries, Dictionary<string, string> Metadata, long DataStart) ReadHeader(string path, FileStream file)
        {
            if (file.Length < 8) throw new InvalidDataException($"{path}: not a safetensors file: {file.Length} bytes, shorter than the 8-byte header length");
            Span<byte> prefix = stackalloc byte[8];
            file.ReadExactly(prefix);
            if (prefix.SequenceEqual(FileSignatures.NetDslCheckpoint))
                throw new InvalidDataException($"{path}: this is a NetDsl checkpoint, not safetensors; load it with Checkpoint.Load(\"{path}\", model, optimizer) (NetDsl.Training; optimizer null for the weights only)")
                    .WithCommandLine($"{path}: this is a NetDsl checkpoint, not safetensors; use --checkpoint {path}");
            ulong declared = BinaryPrimitives.ReadUInt64LittleEndian(prefix);
            if (declared > (ulong)(file.Length - 8) && FileSignatures.IsPickle(prefix))
                throw new InvalidDataException(
                    $"{path}: this is PyTorch's legacy serialization (a pickle, torch.save before 1.6 or with _use_new_zipfile_serialization=False), " +
                    "which is not read here; re-save it in the zip format with torch.save(state_dict, path) in torch >= 1.6, " +
                    "or save it as safetensors (safetensors.torch.save_file(state_dict, path))");
            if (declared > (ulong)(file.Length - 8) && FileSignatures.IsOnnx(prefix))
                throw new InvalidDataException(
                    $"{path}: this is an ONNX model, which cannot be loaded as weights; load the safetensors or PyTorch .pth file it was exported from " +
                    "(export --format safetensors writes one), or run the ONNX model with ONNX Runtime");
            if (declared > (ulong)(file.Length - 8))
                throw new InvalidDataException($"{path}: header length {declared} runs past the end of the file ({file.Length} bytes): a truncated safetensors file, or not one");
            if (declared > MaxHeaderBytes)
                throw new InvalidDataException($"{path}: header length {declared} exceeds the {MaxHeaderBytes}-byte limit");
            if (declared < 2) throw new InvalidDataException($"{path}: header length {declared} is too short for a JSON object");
            var json = new byte[(int)declared];
            file.ReadExactly(json);

            if (!System.Text.Unicode.Utf8.IsValid(json))
                throw new InvalidDataException($"{path}: header is not valid UTF-8 text");
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 8 });
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: header is not valid JSON ({e.Message})", e);
            }
            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                    throw new InvalidDataException($"{path}: header is a JSON {root.ValueKind}, not an object");
                var entries = new List<SafeTensorsEntry>();
                var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
                var seen = new HashSet<string>(StringComparer.Ordinal);
                try
                {
                    foreach (var property in root.EnumerateObject())
                    {
                        string name = property.Name;
                        if (!seen.Add(name)) throw new InvalidDataException($"{path}: entry '{name}' appears twice in the header");
                        if (name == MetadataKey) ReadMetadata(path, property.Value, metadata);
                        else entries.Add(ReadEntry(path, name, property.Value));
                    }
                }
                catch (InvalidOperationException e)
                {
                    // A string the reader cannot turn into text (an escaped lone surrogate).
                    throw new InvalidDataException($"{path}: header holds a string that is not valid text ({e.Message})", e);
                }
                return (entries, metadata, 8 + (long)declared);
            }
        }

        static void ReadMetadata(string path, JsonElement value, Dictionary<string, string> metadata)
        {
            if (value.ValueKind != JsonValueKind.Object)
                throw new InvalidDataException($"{path}: entry '{MetadataKey}' must be an object of strings, not a {value.ValueKind}");
            foreach (var item in value.EnumerateObject())
            {
                if (item.Value.ValueKind != JsonValueKind.String)
                    throw new InvalidDataException($"{path}: entry '{MetadataKey}': value of '{item.Name}' must be a string, not a {item.Value.ValueKind}");
                if (!metadata.TryAdd(item.Name, item.Value.GetString()!))
                    throw new InvalidDataException($"{path}: entry '{MetadataKey}': key '{item.Name}' appears twice");
            }
        }

        static SafeTensorsEntry ReadEntry(string path, string name, JsonElement value)
        {
            string where = $"{path}: entry '{name}'";
            if (value.ValueKind != JsonValueKind.Object) throw new InvalidDataException($"{where} must be an object, not a {value.ValueKind}");
            JsonElement? dtypeJson = null, shapeJson = null, offsetsJson = null;
            foreach (var field in value.EnumerateObject())
            {
                switch (field.Name)
                {
                    case "dtype": dtypeJson = Once(where, field, dtypeJson); break;
                    case "shape": shapeJson = Once(where, field, shapeJson); break;
                    case "data_offsets": offsetsJson = Once(where, field, offsetsJson); break;
                    default: throw new InvalidDataException($"{where} has an unknown field '{field.Name}'");
                }
            }
            if (dtypeJson is not JsonElement dtypeValue || dtypeValue.ValueKind != JsonValueKind.String)
                throw new InvalidDataException($"{where} needs \"dtype\" as a string");
            string dtypeName = dtypeValue.GetString()!;
            int index = Array.FindIndex(DTypes, d => d.Name == dtypeName);
            if (index < 0) throw new InvalidDataException($"{where} has unknown dtype '{dtypeName}' (supported: {string.Join(", ", SupportedDTypes)})");
            var dtype = DTypes[index];

            long[] shape = Integers(where, "shape", shapeJson, -1);
            if (shape.Length > 64) throw new InvalidDataException($"{where} has rank {shape.Length}, more than 64");
            long[] offsets = Integers(where, "data_offsets", offsetsJson, 2);
            if (offsets[1] < offsets[0]) throw new InvalidDataException($"{where}: data_offsets [{offsets[0]}, {offsets[1]}] end before they begin");

            long numel = 1;
            try
            {
                foreach (long d in shape) numel = checked(numel * d);
                long bytes = checked(numel * dtype.Size);
                if (bytes != offsets[1] - offsets[0])
                    throw new InvalidDataException($"{where}: shape [{string.Join(", ", shape)}] of {dtype.Name} needs {bytes} bytes but data_offsets [{offsets[0]}, {offsets[1]}] span {offsets[1] - offsets[0]}");
            }
            catch (OverflowException)
            {
                throw new InvalidDataException($"{where}: shape [{string.Join(", ", shape)}] is too large");
            }
            return new SafeTensorsEntry(name, dtype.Name, dtype.Type, dtype.Size, shape, offsets[0], offsets[1]);
        }

        static JsonElement Once(string where, JsonProperty field, JsonElement? previous)
        {
            if (previous != null) throw new InvalidDataException($"{where} gives \"{field.Name}\" twice");
            return field.Value;
        }

        /// <summary>A JSON array of non-negative integers (of exactly <paramref name="count"/> items unless it is -1).</summary>
        static long[] Integers(string where, string field, JsonElement? json, int count)
        {
            if (json is not JsonElement array || array.ValueKind != JsonValueKind.Array)
                throw new InvalidDataException($"{where} needs \"{field}\" as an array of integers");
            var values = new List<long>();
            foreach (var item in array.EnumerateArray())
            {
                if (item.ValueKind != JsonValueKind.Number || !item.TryGetInt64(out long v))
                    throw new InvalidDataException($"{where}: \"{field}\" holds {item.GetRawText()}, not an integer");
                if (v < 0) throw new InvalidDataException($"{where}: \"{field}\" holds the negative value {v}");
                values.Add(v);
            }
            if (count >= 0 && values.Count != count)
                throw new InvalidDataException($"{where}: \"{field}\" has {values.Count} values, not {count}");
            return values.ToArray();
        }

        /// <summary>Every entry inside the buffer and no two overlapping (gaps are allowed).</summary>
        static void CheckLayout(string path, List<SafeTensorsEntry> entries, long bufferLength)
        {
            foreach (var e in entries)
                if (e.End > bufferLength)
                    throw new InvalidDataException($"{path}: entry '{e.Name}': data_offsets [{e.Begin}, {e.End}] run past the data buffer ({bufferLength} bytes)");
            var sorted = entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin).ThenBy(e => e.End).ToList();
            for (int i = 1; i < sorted.Count; i++)
                if (sorted[i].Begin < sorted[i - 1].End)
                    throw new InvalidDataException(string.Format(CultureInfo.InvariantCulture,
                        "{0}: entry '{1}' (bytes {2}..{3}) overlaps entry '{4}' (bytes {5}..{6})",
                        path, sorted[i].Name, sorted[i].Begin, sorted[i].End, sorted[i - 1].Name, sorted[i - 1].Begin, sorted[i - 1].End));
        }
    }

    /// <summary>One tensor's header entry: its name, dtype, shape and byte range in the data buffer.</summary>
    public sealed record SafeTensorsEntry(string Name, string DType, ScalarType Type, int ElementSize, long[] Shape, long Begin, long End);

    /// <summary>A safetensors file's checked header: entries in header order, metadata, where the data buffer starts.</summary>
    public sealed record SafeTensorsIndex(string Path, IReadOnlyList<SafeTensorsEntry> Entries, IReadOnlyDictionary<string, string> Metadata, long DataStart);

    /// <summary>The tensors of one safetensors file, on the CPU, in header order; disposing it disposes them.</summary>
    public sealed class SafeTensorsFile : IReadOnlyDictionary<string, Tensor>, IDisposable
    {
        readonly List<(string Name, Tensor Value)> entries;
        readonly Dictionary<string, Tensor> byName;

        internal SafeTensorsFile(string path, List<(string, Tensor)> entries, IReadOnlyDictionary<string, string> metadata)
        {
            Path = path;
            this.entries = entries;
            byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            foreach (var (name, value) in entries) byName[name] = value;
            Metadata = metadata;
        }

        /// <summary>The file read.</summary>
        public string Path { get; }

        /// <summary>The header's <c>__metadata__</c> (empty when absent).</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>Name and tensor in the order of the header.</summary>
        public IReadOnlyList<(string Name, Tensor Value)> Entries => entries;

        /// <summary>The tensor named <paramref name="key"/>.</summary>
        public Tensor this[string key] => byName.TryGetValue(key, out var t) ? t
            : throw new KeyNotFoundException($"{Path}: no tensor named '{key}' (it has {(entries.Count == 0 ? "none" : string.Join(", ", entries.Take(10).Select(e => "'" + e.Name + "'")) + (entries.Count > 10 ? ", …" : ""))})");

        /// <summary>The tensor names, in the file's order.</summary>
        public IEnumerable<string> Keys => entries.Select(e => e.Name);
        /// <summary>The tensors, in the file's order.</summary>
        public IEnumerable<Tensor> Values => entries.Select(e => e.Value);
        /// <summary>How many tensors the file holds.</summary>
        public int Count => entries.Count;
        /// <summary>Whether a tensor is named <paramref name="key"/>.</summary>
        public bool ContainsKey(string key) => byName.ContainsKey(key);
        /// <summary>The tensor named <paramref name="key"/>, if there is one.</summary>
        public bool TryGetValue(string key, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out Tensor value) => byName.TryGetValue(key, out value);

        /// <summary>The (name, tensor) pairs in the file's order.</summary>
        public IEnumerator<KeyValuePair<string, Tensor>> GetEnumerator()
        {
            foreach (var (name, value) in entries) yield return new KeyValuePair<string, Tensor>(name, value);
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        /// <summary>Disposes every tensor read.</summary>
        public void Dispose()
        {
            foreach (var (_, value) in entries) value.Dispose();
        }
    }
}
