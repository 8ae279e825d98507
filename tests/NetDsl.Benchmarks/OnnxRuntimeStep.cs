using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using NetDsl.Onnx;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// The network exported by NetDsl's ONNX exporter, run by ONNX Runtime with all graph optimisations (conv+BN+activation
    /// fusion) on the same number of threads as TorchSharp: the bar the inference path is measured against.
    /// </summary>
    internal sealed class OnnxRuntimeStep : IDisposable
    {
        readonly InferenceSession session;
        readonly SessionOptions options;
        readonly List<NamedOnnxValue> inputs;

        public OnnxRuntimeStep(Network network, TorchSharp.torch.Tensor input)
        {
            options = new SessionOptions
            {
                IntraOpNumThreads = get_num_threads(),
                InterOpNumThreads = 1,
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            };
            session = new InferenceSession(OnnxExport.ToBytes(network, new OnnxExportOptions { DynamicBatch = true }), options);
            var data = new DenseTensor<float>(input.contiguous().data<float>().ToArray(), input.shape.Select(d => (int)d).ToArray());
            inputs = new List<NamedOnnxValue> { NamedOnnxValue.CreateFromTensor(session.InputMetadata.Keys.Single(), data) };
        }

        /// <summary>One forward; the output is read (as a caller would) and released.</summary>
        public void Run()
        {
            using var results = session.Run(inputs);
            GC.KeepAlive(results.First().AsTensor<float>().Length);
        }

        public void Dispose()
        {
            session.Dispose();
            options.Dispose();
        }
    }
}
