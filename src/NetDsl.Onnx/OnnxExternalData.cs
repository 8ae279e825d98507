using System;
using System.Globalization;
using System.IO;
using P = global::Onnx;

namespace NetDsl.Onnx
{
    /// <summary>
    /// ONNX external data: initializers' bytes in one side file (<c>MODEL.onnx.data</c>) instead of the protobuf, each tensor
    /// marked <c>data_location = EXTERNAL</c> with <c>location</c> (the side file's name, relative to the model's folder),
    /// <c>offset</c> and <c>length</c> entries, as onnx's <c>save_model(..., save_as_external_data=True,
    /// all_tensors_to_one_file=True)</c> writes. Tensors under <see cref="Threshold"/> bytes stay inline (onnx's
    /// size_threshold); those of 1 MiB or more start at a multiple of 64 KiB, so ONNX Runtime can memory-map them (the
    /// allocation granularity on Windows, a multiple of Linux's page size).
    /// </summary>
    internal sealed class OnnxExternalData : IDisposable
    {
        /// <summary>Smaller tensors stay inline (onnx's default size_threshold).</summary>
        public const int Threshold = 1024;
        const int AlignFrom = 1 << 20, Alignment = 64 << 10;

        readonly FileStream file;

        /// <summary>
        /// Writes the side file's bytes to <paramref name="writeTo"/> (a temporary, renamed to <paramref name="path"/> once the
        /// model is complete too), referred to from the model as <paramref name="location"/>.
        /// </summary>
        public OnnxExternalData(string writeTo, string path, string location)
        {
            Path = path;
            Location = location;
            file = new FileStream(writeTo, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        }

        /// <summary>The side file's path (where it ends up).</summary>
        public string Path { get; }

        /// <summary>The side file's name as the model refers to it (relative to the model's folder).</summary>
        public string Location { get; }

        /// <summary>Bytes written so far (alignment padding included).</summary>
        public long Length => file.Position;

        /// <summary>Tensors written to the side file.</summary>
        public int Count { get; private set; }

        /// <summary>Appends <paramref name="data"/> (aligned when large) and points <paramref name="tensor"/> at it.</summary>
        public void Write(P.TensorProto tensor, ReadOnlySpan<byte> data)
        {
            if (data.Length >= AlignFrom && file.Position % Alignment != 0)
                file.Write(new byte[Alignment - file.Position % Alignment]);
            long offset = file.Position;
            file.Write(data);
            tensor.DataLocation = P.TensorProto.Types.DataLocation.External;
            tensor.ExternalData.Add(Entry("location", Location));
            tensor.ExternalData.Add(Entry("offset", offset.ToString(CultureInfo.InvariantCulture)));
            tensor.ExternalData.Add(Entry("length", data.Length.ToString(CultureInfo.InvariantCulture)));
            Count++;
        }

        static P.StringStringEntryProto Entry(string key, string value) => new P.StringStringEntryProto { Key = key, Value = value };

        /// <summary>Closes the side file.</summary>
        public void Dispose() => file.Dispose();
    }
}
