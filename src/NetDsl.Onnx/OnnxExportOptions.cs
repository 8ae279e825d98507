using System.Collections.Generic;

namespace NetDsl.Onnx
{
    /// <summary>How <see cref="OnnxExport"/> writes a network.</summary>
    public sealed record OnnxExportOptions
    {
        /// <summary>
        /// The ONNX opset (default-domain version); null picks the lowest that expresses the graph: 17, or 19 when it has a
        /// deformable convolution (ONNX's DeformConv). 14 to 21 are accepted.
        /// </summary>
        public int? Opset { get; init; }

        /// <summary>A symbolic batch axis ("batch") on the input and output (the CLI's --dynamic-batch); false fixes it at <see cref="BatchSize"/>.</summary>
        public bool DynamicBatch { get; init; }

        /// <summary>The batch size written when <see cref="DynamicBatch"/> is false.</summary>
        public int BatchSize { get; init; } = 1;

        /// <summary>
        /// Symbolic height and width ("height", "width"), or a 1-D map's "length", when the network is declared with a symbolic
        /// input (<c>3xHxW</c>, <c>1xL</c>)
        /// and no layer depends on the size it was built for (adaptive pooling to a grid, a fixed upsampling size, a
        /// flatten of a map); otherwise the size the network was built for. False always writes that size.
        /// </summary>
        public bool DynamicSize { get; init; } = true;

        /// <summary>
        /// Where the weights go: null (default) inline, or, when they pass the 2 GiB a protobuf holds (regnet_y_128gf), in
        /// external data; true always in external data (the CLI's --external-data); false always inline (too large is refused).
        /// External data is one side file beside the model, <c>MODEL.onnx.data</c> (<see cref="OnnxExport.ExternalDataPath"/>), as
        /// onnx's <c>save_model(..., save_as_external_data=True)</c> writes it: tensors of 1 KiB or more there, each initializer
        /// saying <c>location</c>, <c>offset</c> and <c>length</c>. Only <see cref="OnnxExport.Save(Network, string, OnnxExportOptions?)"/> writes it; keep the two
        /// files together (ONNX Runtime and <c>onnx.load</c> read the side file from the model's folder).
        /// </summary>
        public bool? ExternalData { get; init; }

        /// <summary>
        /// Key/value pairs written to the model's <c>metadata_props</c> (ONNX Runtime's <c>ModelMetadata.CustomMetadataMap</c>), over
        /// what the export records on its own (<c>netdsl.model</c>, <c>netdsl.input</c>, <c>netdsl.task</c>: <c>WeightLoader.ExportMetadata</c>).
        /// The CLI's <c>export --format onnx</c> adds what its safetensors export writes: <c>netdsl.normalize</c> (JSON
        /// <c>{"Mean":[…],"Std":[…]}</c>) and <c>netdsl.class_names</c> (a JSON array) from a checkpoint, <c>netdsl.classes</c>,
        /// <c>netdsl.arguments</c>; in C#, <c>InferenceSettings.FromCheckpoint("run/best.bin").ToMetadata()</c> gives those two.
        /// </summary>
        public IReadOnlyDictionary<string, string>? Metadata { get; init; }

        /// <summary>The lowest and highest opsets the exporter writes.</summary>
        public const int MinOpset = 14, MaxOpset = 21;
    }
}
