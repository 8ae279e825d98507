using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using NetDsl.Runtime.PyTorch;

namespace NetDsl.Cli
{
    /// <summary><c>export MODEL --format pytorch --out DIR</c>: model.py, weights.safetensors and train.py (see <see cref="PyTorchExport"/>).</summary>
    internal static class PyTorchExportCommand
    {
        public static int Write(ModelEntry entry, Network network, string directory, IReadOnlyDictionary<string, string> metadata, string from, CliConsole console)
        {
            PyTorchExportResult result;
            try { result = PyTorchExport.Write(entry, network, directory, metadata); }
            catch (NotSupportedException e)
            {
                // A layer kind or wiring model.py cannot express yet: named, exit 1 (as ONNX does for what it cannot express).
                console.Error.WriteLine($"error: {entry.Name} cannot be exported to PyTorch: {e.Message}");
                return ExitCodes.Failure;
            }
            console.Out.WriteLine(string.Format(CultureInfo.InvariantCulture, "exported {0} ({1}; {2:N0} parameters, input {3}{4}) to {5}: model.py, weights.safetensors, train.py",
                entry.Name, from, network.ParameterTotal, network.InputShape, result.Classes is int c ? $", classes {c}" : "", directory));
            string script = ShellWord(System.IO.Path.Combine(directory, "train.py"));
            console.Out.WriteLine($"train with: python3 {script} --data FOLDER --out RUN (the model card's recipe, model.py's RECIPE; --epochs, --lr, --optimizer … override it)");
            // torchrun's own launcher trips on its default --redirects 0 under Debian's torch 1.13 / Python 3.11; this form runs everywhere.
            console.Out.WriteLine($"  on N processes: python3 -m torch.distributed.run --standalone --nproc_per_node N --redirects 1 --tee 1 {script} --data FOLDER --out RUN");
            return ExitCodes.Success;
        }

        /// <summary><paramref name="path"/> as one POSIX shell word, so the printed lines paste and run from a folder with spaces or quotes.</summary>
        internal static string ShellWord(string path) =>
            path.Length > 0 && path.All(ch => char.IsAsciiLetterOrDigit(ch) || "/._-+,:@%=".Contains(ch)) ? path : "'" + path.Replace("'", "'\\''") + "'";
    }
}
