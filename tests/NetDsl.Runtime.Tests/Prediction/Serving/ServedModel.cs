using System;
using System.Collections.Generic;
using System.Linq;
using NetDsl.Runtime.Data;
using NetDsl.Runtime.Data.Export;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// One short training run of a TinyCnn on the shapes set (its run folder, with best.bin) and 60 PNGs of the set's test split,
    /// shared by the Predictor tests (trained once per test class).
    /// </summary>
    public sealed class ServedModel : IDisposable
    {
        static readonly TensorShape Input = new(3, 32, 32);
        readonly TempFolder dir = new();

        public ServedModel()
        {
            random.manual_seed(3);
            using var network = new TinyCnn();
            using var data = ShapesDataset.Load(Input, seed: 0, trainCount: 600, testCount: 60);
            network.Fit(data, new TrainerOptions { Epochs = 1, BatchSize = 32, LearningRate = 0.05, OutDir = Run, Device = CPU });
            ShapesFolder.Write(dir.File("pngs"), Input, trainCount: 6, testCount: 60, seed: 0, masks: false);
            Files = ImageInputs.Files(new[] { dir.File("pngs/test") }).ToList();
        }

        /// <summary>The run folder (best.bin, checkpoint.bin).</summary>
        public string Run => dir.File("run");

        /// <summary>The 60 test PNGs, in ordinal path order.</summary>
        public IReadOnlyList<string> Files { get; }

        /// <summary>A path in the scratch folder.</summary>
        public string File(string name) => dir.File(name);

        /// <summary>The factory a run of TinyCnn is loaded with (no catalogue holds it).</summary>
        public static Network Create(CheckpointModel model)
        {
            using (Network.BuildAt(model.Input)) return new TinyCnn(classes: model.Classes ?? 6);
        }

        /// <summary>A predictor for the run.</summary>
        public Predictor Load(PredictorOptions? options = null) => Predictor.Load(Run, Create, options);

        public void Dispose() => dir.Dispose();
    }
}
