using System;
using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Training;
using NetDsl.Shapes;
using TorchSharp;

namespace NetDsl
{
    public sealed partial class Predictor
    {
        /// <summary>
        /// A predictor for a training run's checkpoint in one call: <paramref name="runFolderOrCheckpoint"/> is a run folder (its
        /// <c>best.bin</c>, else its <c>checkpoint.bin</c>) or a checkpoint file. Its header gives the model's name, input size, head and
        /// arguments (built from <paramref name="models"/>: <c>Models.All</c> for the zoo), its normalisation and class names (the run's own,
        /// not ImageNet's, unless <see cref="PredictorOptions.Settings"/> says otherwise); the weights load strictly, onto
        /// <see cref="PredictorOptions.Device"/>, and the model is prepared for inference in <see cref="PredictorOptions.Precision"/>.
        /// The predictor owns the model: disposing it frees both.
        /// </summary>
        public static Predictor Load(string runFolderOrCheckpoint, IEnumerable<ModelEntry> models, PredictorOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(models);
            return Load(runFolderOrCheckpoint, model => model.Create(models), options);
        }

        /// <summary>
        /// As <see cref="Load(string, IEnumerable{ModelEntry}, PredictorOptions?)"/>, with the model built by <paramref name="createModel"/>
        /// from what the checkpoint records (<see cref="CheckpointModel"/>), for a network no catalogue holds.
        /// </summary>
        public static Predictor Load(string runFolderOrCheckpoint, Func<CheckpointModel, Network> createModel, PredictorOptions? options = null)
        {
            ArgumentNullException.ThrowIfNull(createModel);
            options ??= new PredictorOptions();
            options.Check();
            string path = CheckpointPath(runFolderOrCheckpoint);
            var info = Checkpoint.ReadInfo(path);
            if (!TensorShape.TryParse(info.Input, out TensorShape input))
                throw new InvalidDataException($"{path}: records the input '{info.Input}', which is not an input size (CxHxW)");
            var recorded = InferenceSettings.From(info) with { Origin = $"recorded in {path}" };
            var model = new CheckpointModel(info.ModelName, input, info.Settings?.Classes, ModelArguments.Parse(info.Settings?.Arguments), path)
                { ClassNames = recorded.ClassNames };
            var settings = options.Settings ?? recorded;
            var network = createModel(model) ?? throw new InvalidOperationException($"{path}: the model factory returned no network for {info.ModelName}");
            try
            {
                Checkpoint.Load(path, network, null);
                if (options.Device != null) network.to(options.Device);
                return new Predictor(network, settings, options, ownsNetwork: true, $"{info.ModelName} from {path}");
            }
            catch
            {
                network.Dispose();
                throw;
            }
        }

        /// <summary>A checkpoint file as given, or a run folder's best.bin, else its checkpoint.bin (<see cref="NetDsl.Runtime.Training.CheckpointPath.Resolve"/>).</summary>
        static string CheckpointPath(string runFolderOrCheckpoint) => NetDsl.Runtime.Training.CheckpointPath.Resolve(runFolderOrCheckpoint);
    }
}
