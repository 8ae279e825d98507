using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.PyTorch;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Conformance.Tests
{
    /// <summary>
    /// model.py's stochastic-depth helpers (what [StochasticDepth] and [Residual(StochasticDepth)] export to) against
    /// torchvision.ops.stochastic_depth and torchvision.ops.StochasticDepth: under the same seed they draw the same noise, so
    /// the outputs must be equal bit for bit, in row and batch mode, at p = 0, 0.3, 0.5 and 1, in training and in eval.
    /// </summary>
    [Collection(OracleCollection.Name)]
    public sealed class StochasticDepthConformanceTests
    {
        const string Check = """

from torchvision.ops import stochastic_depth as tv_stochastic_depth, StochasticDepth as TvStochasticDepth

x = torch.randn(16, 3, 4, 4, generator=torch.Generator().manual_seed(0))
checked = 0
for mode in ("row", "batch"):
    for p in (0.0, 0.3, 0.5, 1.0):
        for training in (True, False):
            ours, theirs = StochasticDepth(p, mode), TvStochasticDepth(p, mode)
            ours.train(training)
            theirs.train(training)
            for seed in range(25):
                torch.manual_seed(seed)
                a = stochastic_depth(x, p, training, mode)
                torch.manual_seed(seed)
                b = tv_stochastic_depth(x, p, mode, training)
                torch.manual_seed(seed)
                c = ours(x)
                torch.manual_seed(seed)
                d = theirs(x)
                if not (torch.equal(a, b) and torch.equal(c, d)):
                    raise SystemExit(f"differs from torchvision: mode {mode}, p {p}, training {training}, seed {seed}")
                checked += 1
print(f"ok: {checked} draws equal to torchvision.ops.stochastic_depth")
""";

        readonly ITestOutputHelper output;
        public StochasticDepthConformanceTests(ITestOutputHelper output) { this.output = output; }

        [OracleFact]
        public void ModelPyHelpers_DrawAsTorchvisionsStochasticDepth_InRowAndBatchMode()
        {
            using var dir = new TempDir();
            string script = dir.File("check_stochastic_depth.py");
            var code = string.Join("\n", PyHelpers.Code(new HashSet<string> { PyHelpers.StochasticDepth }));
            File.WriteAllText(script, "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n\n" + code + Check);
            string result = Oracle.RunScriptFile(script);
            output.WriteLine(result);
            Assert.StartsWith("ok: 400 draws", result);
        }
    }
}
