using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Weights;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>What <see cref="PyTorchExport.Write"/> wrote.</summary>
    public sealed record PyTorchExportResult(string Directory, string ModelPy, string Weights, string TrainPy, int? Classes);

    /// <summary>
    /// The PyTorch handoff: <c>model.py</c> (plain torch.nn classes mirroring the declaration, NetDsl's state-dict keys,
    /// <c>create(**params)</c>), <c>weights.safetensors</c> (the network's state dict) and <c>train.py</c> (DDP training under
    /// torchrun that writes safetensors NetDsl reads back), all in one folder.
    /// </summary>
    public static class PyTorchExport
    {
        /// <summary>
        /// Writes the three files for <paramref name="network"/>, the catalogue's <paramref name="entry"/> built (at any input)
        /// with the weights to export. Throws <see cref="NotSupportedException"/> naming the layer when a kind has no
        /// PyTorch mapping.
        /// </summary>
        public static PyTorchExportResult Write(ModelEntry entry, Network network, string directory, IReadOnlyDictionary<string, string>? metadata = null)
        {
            var classes = ClassesOf(entry, network);
            string modelPy = ModelPyWriter.Write(entry.Name, entry.Task, network, PyGraphSource.Of(network), classes, CardOf(entry));
            Directory.CreateDirectory(directory);
            string modelPath = Path.Combine(directory, "model.py"), weightsPath = Path.Combine(directory, "weights.safetensors"),
                   trainPath = Path.Combine(directory, "train.py");
            // The metadata every export writes (WeightLoader.ExportMetadata: the task, a normalisation per input channel), named by the entry.
            var meta = WeightLoader.ExportMetadata(network, new Dictionary<string, string>
            {
                [WeightLoader.ModelMetadataKey] = entry.Name,
                [WeightLoader.TaskMetadataKey] = entry.Task.ToString().ToLowerInvariant(),
            }.Concat(metadata ?? new Dictionary<string, string>()).ToList());
            meta["format"] = "pt";
            // The three files are one export: written to temporaries and renamed together once all are complete, so a failed
            // export (a full disk) leaves an earlier export in the folder whole and a new folder without partial files.
            using (var files = new NetDsl.Files.ReplacingFiles())
            {
                files.Produce(weightsPath, temporary => WeightLoader.Save(network, temporary, meta));
                files.WriteText(trainPath, TrainScript.Text());
                files.WriteText(modelPath, modelPy);
                files.Commit();
            }
            return new PyTorchExportResult(directory, modelPath, weightsPath, trainPath, classes.Value);
        }

        /// <summary>The text of model.py for <paramref name="network"/> (an instance of <paramref name="entry"/>).</summary>
        public static string ModelPy(ModelEntry entry, Network network) =>
            ModelPyWriter.Write(entry.Name, entry.Task, network, PyGraphSource.Of(network), ClassesOf(entry, network), CardOf(entry));

        /// <summary>The card train.py's recipe comes from: the catalogue entry's (a variant's own card where it has one, as `train` reads it).</summary>
        static ModelCard? CardOf(ModelEntry entry) => entry.Card;

        static ClassesBinding ClassesOf(ModelEntry entry, Network network) =>
            ClassesBinding.Find(PyGraphSource.Of(network), classes =>
            {
                try
                {
                    using var probe = entry.CreateWithClasses(classes, network.InputShape);
                    return PyGraphSource.Of(probe);
                }
                // No classes parameter, or a head other class counts do not fit: the numbers stay literals.
                catch (Exception e) when (e is not OutOfMemoryException) { return null; }
            });
    }
}
