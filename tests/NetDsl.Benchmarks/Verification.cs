extern alias zoo;
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using NetDsl.Benchmarks.HandWritten;
using TorchSharp;
using static TorchSharp.torch;

namespace NetDsl.Benchmarks
{
    /// <summary>
    /// Conformance of the benchmarked models with torchvision: state-dict keys and shapes (in torchvision's
    /// order, parameters before buffers as TorchSharp lists them) and
    /// the parameter count equal tests/reference/torchvision/resnet18.json, and a forward pass gives
    /// [N, 1000]. The generated model is checked the same way and, given the hand-written
    /// model's weights, must compute the same outputs.
    /// </summary>
    public static class Verification
    {
        private const string ReferenceFolder = "tests/reference/torchvision";

        public static int Run(string? referenceDir, TextWriter output, TextWriter error)
        {
            referenceDir ??= FindReferenceDir();
            if (referenceDir is null)
            {
                error.WriteLine($"verify: cannot find {ReferenceFolder} above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}; pass it: --verify DIR");
                return 2;
            }

            string file = Path.Combine(referenceDir, "resnet18.json");
            if (!File.Exists(file))
            {
                error.WriteLine($"verify: {file} does not exist (tests/reference/torchvision_reference.py writes it)");
                return 2;
            }

            var reference = Reference.Load(file);
            int failures = 0;

            torch.manual_seed(0);
            using var handWritten = new ResNet18();
            failures += Check("hand-written ResNet18", handWritten, reference, output, error);

            using var generated = ResNet18TrainingStep.CreateGenerated();
            failures += Check("generated resnet18", generated, reference, output, error);
            failures += CheckSameFunction(handWritten, generated, output, error);

            if (failures == 0)
            {
                output.WriteLine($"verify: OK ({file})");
                return 0;
            }

            error.WriteLine($"verify: {failures} mismatch(es) against {file}");
            return 1;
        }

        private static string? FindReferenceDir()
        {
            foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            {
                for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                {
                    string candidate = Path.Combine(dir.FullName, ReferenceFolder);
                    if (Directory.Exists(candidate)) return candidate;
                }
            }
            return null;
        }

        private static int Check(string name, nn.Module<Tensor, Tensor> model, Reference reference, TextWriter output, TextWriter error)
        {
            int failures = 0;
            var actual = model.state_dict().Select(kv => (Key: kv.Key, Shape: kv.Value.shape)).ToList();

            if (actual.Count != reference.StateDict.Count)
            {
                error.WriteLine($"{name}: {actual.Count} state-dict entries, torchvision {reference.Model} has {reference.StateDict.Count}");
                failures++;
            }

            var expectedKeys = new HashSet<string>(reference.StateDict.Select(e => e.Key));
            var actualKeys = new HashSet<string>(actual.Select(e => e.Key));
            foreach (var missing in reference.StateDict.Where(e => !actualKeys.Contains(e.Key)))
            {
                error.WriteLine($"{name}: missing {missing.Key} {Format(missing.Shape)}");
                failures++;
            }
            foreach (var extra in actual.Where(e => !expectedKeys.Contains(e.Key)))
            {
                error.WriteLine($"{name}: unexpected {extra.Key} {Format(extra.Shape)}");
                failures++;
            }

            var expectedByKey = reference.StateDict.ToDictionary(e => e.Key, e => e.Shape);
            foreach (var entry in actual.Where(e => expectedByKey.ContainsKey(e.Key)))
            {
                if (!entry.Shape.SequenceEqual(expectedByKey[entry.Key]))
                {
                    error.WriteLine($"{name}: {entry.Key} has shape {Format(entry.Shape)}, torchvision {Format(expectedByKey[entry.Key])}");
                    failures++;
                }
            }

            if (failures == 0)
            {
                // TorchSharp's state_dict lists every parameter, then every buffer (PyTorch interleaves
                // them module by module); within each group the order must be torchvision's.
                var parameterKeys = new HashSet<string>(model.named_parameters().Select(p => p.name));
                var expectedOrder = reference.StateDict.Where(e => parameterKeys.Contains(e.Key))
                    .Concat(reference.StateDict.Where(e => !parameterKeys.Contains(e.Key)))
                    .Select(e => e.Key).ToList();
                for (int i = 0; i < actual.Count; i++)
                {
                    if (actual[i].Key != expectedOrder[i])
                    {
                        error.WriteLine($"{name}: state-dict order differs at #{i}: {actual[i].Key}, torchvision (parameters, then buffers) {expectedOrder[i]}");
                        failures++;
                        break;
                    }
                }
            }

            long parameters = model.parameters().Sum(p => p.numel());
            if (parameters != reference.NumParams)
            {
                error.WriteLine($"{name}: {parameters:N0} parameters, torchvision {reference.NumParams:N0}");
                failures++;
            }

            using (torch.no_grad())
            using (var scope = torch.NewDisposeScope())
            {
                model.eval();
                var y = model.forward(torch.randn(2, ResNet18TrainingStep.Channels, ResNet18TrainingStep.Size, ResNet18TrainingStep.Size));
                if (!y.shape.SequenceEqual(new long[] { 2, ResNet18TrainingStep.Classes }))
                {
                    error.WriteLine($"{name}: forward of [2, 3, 64, 64] gives {Format(y.shape)}, expected [2, 1000]");
                    failures++;
                }
                model.train();
            }

            if (failures == 0)
            {
                output.WriteLine($"{name}: {actual.Count} state-dict entries and {parameters:N0} parameters match torchvision {reference.Model}");
            }
            return failures;
        }

        private static int CheckSameFunction(nn.Module<Tensor, Tensor> handWritten, nn.Module<Tensor, Tensor> generated, TextWriter output, TextWriter error)
        {
            using var noGrad = torch.no_grad();
            using var scope = torch.NewDisposeScope();
            try
            {
                generated.load_state_dict(handWritten.state_dict());
            }
            catch (Exception e)
            {
                error.WriteLine($"generated resnet18: cannot load the hand-written model's state dict: {e.Message}");
                return 1;
            }

            handWritten.eval();
            generated.eval();
            var x = torch.randn(2, ResNet18TrainingStep.Channels, ResNet18TrainingStep.Size, ResNet18TrainingStep.Size);
            var expected = handWritten.forward(x);
            var actual = generated.forward(x);
            handWritten.train();
            generated.train();

            double difference = (actual - expected).abs().max().item<float>();
            if (!actual.allclose(expected, rtol: 1e-4, atol: 1e-4))
            {
                error.WriteLine($"generated resnet18: with the hand-written model's weights, outputs differ by up to {difference:G3}");
                return 1;
            }
            output.WriteLine($"generated resnet18: same outputs as the hand-written model with its weights (max difference {difference:G3})");
            return 0;
        }

        private static string Format(IEnumerable<long> shape) => "[" + string.Join(", ", shape) + "]";

        private sealed record Entry(string Key, long[] Shape);

        private sealed record Reference(string Model, long NumParams, List<Entry> StateDict)
        {
            public static Reference Load(string file)
            {
                using var document = JsonDocument.Parse(File.ReadAllText(file));
                var root = document.RootElement;
                var entries = root.GetProperty("state_dict").EnumerateArray()
                    .Select(e => new Entry(
                        e.GetProperty("key").GetString() ?? string.Empty,
                        e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray()))
                    .ToList();
                return new Reference(root.GetProperty("model").GetString() ?? string.Empty, root.GetProperty("num_params").GetInt64(), entries);
            }
        }
    }
}
