using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using static TorchSharp.torch;

namespace NetDsl.Weights.PyTorch
{
    /// <summary>
    /// Reads a PyTorch <c>.pth</c>/<c>.pt</c> file written by <c>torch.save(model.state_dict())</c> (the zip format
    /// of torch ≥ 1.6: <c>archive/data.pkl</c> plus one <c>archive/data/KEY</c> per storage) into tensors by
    /// state-dict key, in file order. The pickle is read by <see cref="RestrictedUnpickler"/>, which never
    /// executes pickled code: only tensors, OrderedDict and storage records are accepted, anything else is
    /// an <see cref="InvalidDataException"/> naming the file and what it found. A training checkpoint dict
    /// that holds the state dict under <c>state_dict</c>, <c>model_state_dict</c> or <c>model</c> is read from that entry.
    /// </summary>
    public static class PyTorchStateDict
    {
        static readonly string[] NestedKeys = { "state_dict", "model_state_dict", "model" };

        /// <summary>True when <paramref name="path"/> starts like a zip archive (as every torch.save file since 1.6 does).</summary>
        public static bool LooksLikePyTorch(string path)
        {
            using var file = File.OpenRead(path);
            Span<byte> magic = stackalloc byte[4];
            return file.Read(magic) == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        }

        /// <summary>The extensions torch.save files are given (<c>.pth</c>, <c>.pt</c>).</summary>
        static bool HasPyTorchExtension(string path) =>
            Path.GetExtension(path).ToLowerInvariant() is ".pth" or ".pt";

        /// <summary>
        /// Whether <paramref name="path"/> is to be read as a PyTorch file: it starts like a zip archive, or it is named
        /// <c>.pth</c>/<c>.pt</c> and its first bytes are none of another format NetDsl names (a pickle of the legacy format, an
        /// ONNX model, a NetDsl checkpoint, a safetensors header that fits the file), so a damaged or foreign <c>.pth</c> is
        /// called "not a PyTorch zip archive" rather than a damaged safetensors file.
        /// </summary>
        internal static bool ReadsAsPyTorch(string path)
        {
            if (LooksLikePyTorch(path)) return true;
            if (!HasPyTorchExtension(path)) return false;
            using var file = File.OpenRead(path);
            Span<byte> head = stackalloc byte[8];
            int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
            head = head[..read];
            if (FileSignatures.IsPickle(head) || FileSignatures.IsOnnx(head) || head.SequenceEqual(FileSignatures.NetDslCheckpoint)) return false;
            return read < 8 || System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(head) > (ulong)(file.Length - 8);
        }

        /// <summary>Why <paramref name="path"/>, which does not start with a zip signature, is not read as a PyTorch file.</summary>
        static string NotZip(string path)
        {
            long length = new FileInfo(path).Length;
            return length == 0
                ? $"{path}: empty file (0 bytes), not a PyTorch zip archive; torch.save since 1.6 writes one (a failed or interrupted copy?)"
                : $"{path}: not a PyTorch zip archive (its first bytes are not a zip signature; torch.save since 1.6 writes one, and a legacy file must be re-saved with torch ≥ 1.6)";
        }

        /// <summary>Opens the zip archive, naming the file and the damage when its directory cannot be read (a truncated download or copy).</summary>
        static ZipArchive OpenZip(string path)
        {
            try { return ZipFile.OpenRead(path); }
            catch (InvalidDataException e)
            {
                throw new InvalidDataException(
                    $"{path}: truncated or damaged PyTorch zip archive ({new FileInfo(path).Length:N0} bytes; {e.Message.TrimEnd('.')}); download or save it again", e);
            }
        }

        /// <summary>Reads every tensor of the state dict in <paramref name="path"/> (CPU, the file's dtypes); the caller disposes them.</summary>
        public static Dictionary<string, Tensor> Read(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: PyTorch weights file not found", path);
            if (!LooksLikePyTorch(path)) throw new InvalidDataException(NotZip(path));
            using var zip = OpenZip(path);
            var pickle = zip.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
                         ?? throw new InvalidDataException($"{path}: zip archive without ARCHIVE/data.pkl, so not a torch.save file");
            string prefix = pickle.FullName[..^"data.pkl".Length];
            var byteOrder = zip.GetEntry(prefix + "byteorder");
            if (byteOrder != null && ReadAll(byteOrder, path).AsSpan().SequenceEqual("big"u8))
                throw new InvalidDataException($"{path}: storages are big-endian; only little-endian files are read");

            object? root = RestrictedUnpickler.Load(ReadAll(pickle, path), $"{path} ({pickle.FullName})");
            var records = StateDictOf(root, path);
            var storages = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
            try
            {
                foreach (var (key, record) in records)
                {
                    if (!storages.TryGetValue(record.Storage.Key, out var storage))
                        storages[record.Storage.Key] = storage = Storage(zip, prefix, record.Storage, path, key);
                    tensors[key] = View(storage, record, path, key);
                }
            }
            catch
            {
                foreach (var t in tensors.Values) t.Dispose();
                throw;
            }
            finally
            {
                foreach (var s in storages.Values) s.Dispose();
            }
            return tensors;
        }

        /// <summary>The key → tensor record pairs of the root dict, or of its nested state dict.</summary>
        static List<(string Key, TensorRecord Record)> StateDictOf(object? root, string path)
        {
            if (root is not PickleDict dict)
                throw new InvalidDataException($"{path}: holds {Kind(root)}, not a state dict; save model.state_dict()");
            if (dict.Items.All(i => i.Value is TensorRecord)) return Pairs(dict, path, "");
            foreach (string name in NestedKeys)
                if (dict.Items.FirstOrDefault(i => i.Key as string == name).Value is PickleDict inner && inner.Items.All(i => i.Value is TensorRecord))
                    return Pairs(inner, path, name + ".");
            var odd = dict.Items.First(i => i.Value is not TensorRecord);
            throw new InvalidDataException(
                $"{path}: key '{odd.Key}' holds {Kind(odd.Value)}, not a tensor, and no '{string.Join("'/'", NestedKeys)}' entry holds a state dict");
        }

        static List<(string, TensorRecord)> Pairs(PickleDict dict, string path, string where) =>
            dict.Items.Select(i => (i.Key as string ?? throw new InvalidDataException($"{path}: {where}key {i.Key} is not a string"), (TensorRecord)i.Value!)).ToList();

        static Tensor Storage(ZipArchive zip, string prefix, StorageRecord record, string path, string key)
        {
            var dtype = RestrictedUnpickler.StorageTypes[record.Type.Name];
            var entry = zip.GetEntry(prefix + "data/" + record.Key)
                        ?? throw new InvalidDataException($"{path}: tensor '{key}' needs storage {prefix}data/{record.Key}, which the archive lacks");
            byte[] bytes = ReadAll(entry, path);
            long expected = checked(record.Count * ElementSize(dtype));
            if (bytes.LongLength != expected)
                throw new InvalidDataException($"{path}: storage {record.Key} of tensor '{key}' has {bytes.LongLength} bytes; {record.Count} × {record.Type.Name} needs {expected}");
            var storage = empty(record.Count, dtype);
            if (bytes.Length > 0) storage.bytes = bytes;
            return storage;
        }

        /// <summary>The record's view of its storage (offset, shape, strides), copied, contiguous, so it owns its memory.</summary>
        static Tensor View(Tensor storage, TensorRecord record, string path, string key)
        {
            long last = record.Offset;
            for (int i = 0; i < record.Shape.Length; i++)
            {
                if (record.Shape[i] < 0 || record.Strides.Length != record.Shape.Length || record.Strides[i] < 0)
                    throw new InvalidDataException($"{path}: tensor '{key}' has shape [{string.Join(", ", record.Shape)}] and strides [{string.Join(", ", record.Strides)}]");
                if (record.Shape[i] > 0) last += (record.Shape[i] - 1) * record.Strides[i];
            }
            bool empty = record.Shape.Any(d => d == 0);
            if (record.Offset < 0 || !empty && last >= storage.numel())
                throw new InvalidDataException($"{path}: tensor '{key}' reads element {last} of a storage of {storage.numel()}");
            using var view = storage.as_strided(record.Shape, record.Strides, record.Offset);
            using var dense = view.contiguous();
            return dense.clone();
        }

        static int ElementSize(ScalarType type) => type switch
        {
            ScalarType.Float64 or ScalarType.Int64 => 8,
            ScalarType.Float32 or ScalarType.Int32 => 4,
            ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
            _ => 1,
        };

        static string Kind(object? value) => value switch
        {
            null => "None",
            PickleDict => "a dict",
            TensorRecord => "a tensor",
            string s => $"the string '{s}'",
            long or double or bool => $"the number {value}",
            object?[] => "a tuple",
            List<object?> => "a list",
            _ => value.GetType().Name,
        };

        static byte[] ReadAll(ZipArchiveEntry entry, string path)
        {
            try
            {
                using var stream = entry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                return memory.ToArray();
            }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw new InvalidDataException($"{path}: damaged PyTorch zip archive: entry {entry.FullName} cannot be read ({e.Message.TrimEnd('.')})", e);
            }
        }
    }
}
