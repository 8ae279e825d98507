using System.Collections.Generic;
using System.IO;
using System.Linq;
using NetDsl.Weights;
using Xunit;
using static TorchSharp.torch;

namespace NetDsl.Runtime.Tests
{
    /// <summary>Weight files as PyTorch users bring them: DataParallel's "module." keys, a path that is not there, a report printed whole.</summary>
    public class WeightLoadingTests
    {
        [Fact]
        public void A_DataParallel_state_dict_loads_through_its_module_prefix()
        {
            using var dir = new TempFolder();
            string path = dir.File("dp.safetensors");
            random.manual_seed(1);
            using var trained = new TinyCnn();
            SafeTensors.Write(path, StateDictOrder.Entries(trained).Select(e => ("module." + e.Key, e.Value)).ToList());

            random.manual_seed(2);
            using var fresh = new TinyCnn();
            var report = WeightLoader.Load(fresh, path);
            Assert.True(report.Complete, report.ToString());
            Assert.Equal(StateDictOrder.Entries(fresh).Select(e => e.Key), report.Loaded);
            Assert.All(StateDictOrder.Entries(fresh).Zip(StateDictOrder.Entries(trained)), p => Assert.True(Tensors.Same(p.First.Value, p.Second.Value)));
            Assert.Equal($"loaded {report.Loaded.Count} tensors", report.ToString());

            // Fine-tuning reads it the same way.
            using var tuned = new TinyCnn();
            Assert.Equal(report.Loaded.Count, FineTuning.LoadBackbone(tuned, path).Loaded.Count);
        }

        [Fact]
        public void A_missing_weights_file_is_named_as_missing_whatever_its_extension()
        {
            using var model = new TinyCnn();
            var e = Assert.Throws<FileNotFoundException>(() => WeightLoader.Load(model, "no-such-model.pth"));
            Assert.Equal("no-such-model.pth: weights file not found", e.Message);
        }

        [Fact]
        public void A_report_prints_what_it_loaded_and_what_did_not_fit()
        {
            using var model = new TinyCnn();
            var weights = StateDictOrder.Entries(model).Where(e => !e.Key.StartsWith("fc.", System.StringComparison.Ordinal))
                .ToDictionary(e => e.Key, e => e.Value);
            var report = WeightLoader.Load(model, weights, strict: false);
            Assert.StartsWith($"loaded {weights.Count} tensors; missing keys (2): fc.weight, fc.bias", report.ToString());
        }
    }
}
