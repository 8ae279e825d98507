using System.IO;

namespace NetDsl.Runtime.PyTorch
{
    /// <summary>
    /// <c>train.py</c>, the model-agnostic PyTorch training script shipped with an exported <c>model.py</c>: DDP under
    /// torchrun over an image folder, resumable, writing safetensors NetDsl reads back. It imports
    /// <c>model.py</c>'s <c>NAME</c>, <c>INPUT</c>, <c>TASK</c> and <c>create(**params)</c>.
    /// </summary>
    public static class TrainScript
    {
        const string ResourceName = "NetDsl.PyTorch.train.py";

        /// <summary>The script's text.</summary>
        public static string Text()
        {
            using var stream = typeof(TrainScript).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidDataException($"{ResourceName} is missing from {typeof(TrainScript).Assembly.GetName().Name} (a build problem)");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }

        /// <summary>Writes the script as <paramref name="directory"/>/train.py and returns its path.</summary>
        public static string Write(string directory)
        {
            Directory.CreateDirectory(directory);
            string path = Path.Combine(directory, "train.py");
            NetDsl.Files.ReplacingWrite.Text(path, Text());
            return path;
        }
    }
}
