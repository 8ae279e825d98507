using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Weights.PyTorch;
using static TorchSharp.torch;

namespace NetDsl.Weights
{
    /// <summary>
    /// A weights file read into tensors by state-dict key, whatever its format: a PyTorch <c>.pth</c>/<c>.pt</c>
    /// (zip + pickle, read without executing anything) or safetensors; the format is told by the content, not
    /// the extension. Dispose it to free the tensors.
    /// </summary>
    public sealed class WeightFile : IDisposable
    {
        readonly IReadOnlyDictionary<string, Tensor> tensors;
        readonly Action release;

        WeightFile(string path, string format, IReadOnlyDictionary<string, Tensor> tensors, Action release, IReadOnlyDictionary<string, string>? metadata = null)
        {
            Metadata = metadata ?? new Dictionary<string, string>();
            Path = path;
            Format = format;
            this.tensors = tensors;
            this.release = release;
        }

        /// <summary>The file read.</summary>
        public string Path { get; }

        /// <summary>"pytorch" or "safetensors".</summary>
        public string Format { get; }

        /// <summary>A safetensors file's <c>__metadata__</c> (what NetDsl's exports and train.py record); empty for a PyTorch file.</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; }

        /// <summary>The tensors by state-dict key (CPU, the file's dtypes).</summary>
        public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

        /// <summary>Reads <paramref name="path"/>; errors name the file and what is wrong with it.</summary>
        public static WeightFile Read(string path)
        {
            if (!File.Exists(path)) throw new FileNotFoundException($"{path}: weights file not found", path);
            if (PyTorchStateDict.ReadsAsPyTorch(path))
            {
                var read = PyTorchStateDict.Read(path);
                return new WeightFile(path, "pytorch", read, () => { foreach (var t in read.Values) t.Dispose(); });
            }
            var safe = SafeTensors.Read(path);
            return new WeightFile(path, "safetensors", safe, safe.Dispose, safe.Metadata);
        }

        /// <summary>Disposes every tensor read.</summary>
        public void Dispose() => release();
    }
}
