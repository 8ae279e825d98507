using System;
using System.Linq;
using CsCheck;
using Microsoft.CodeAnalysis;
using TorchSharp;
using Xunit;
using Xunit.Abstractions;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// 10,200 random and mutated declarations — 3,400 files of two blocks and a network, compiled 100 files
    /// at a time: the generator never throws,
    /// never emits code that fails to compile, and every network it accepts really builds and runs a forward
    /// pass at its declared input with the output shape it computed — so no invalid network goes unreported (a network
    /// with lints only, warnings, is accepted and run too).
    /// </summary>
    public class GeneratorPropertyTests
    {
        const int FilesPerCompilation = 100;
        const int Compilations = 34;
        const int DeclarationsPerFile = 3;
        readonly ITestOutputHelper output;

        public GeneratorPropertyTests(ITestOutputHelper output) { this.output = output; }

        [Fact]
        public void Random_declarations_never_break_the_generator_and_every_accepted_network_runs()
        {
            long accepted = 0, rejected = 0;
            var firstIds = new System.Collections.Generic.Dictionary<string, int>();
            Gen.Int.Array[FilesPerCompilation].Sample(seeds =>
            {
                var (compilation, diagnostics, _) = GeneratorHarness.Generate(seeds.Select(RandomDeclarations.Write).ToArray());
                var broken = diagnostics.FirstOrDefault(d => d.Id == "ND0015" || d.Id == "CS8785");
                if (broken != null)
                {
                    int file = int.Parse(broken.Location.GetLineSpan().Path.Substring(4).Replace(".cs", ""), System.Globalization.CultureInfo.InvariantCulture);
                    Assert.Fail($"{broken}\n{RandomDeclarations.Write(seeds[file], file)}");
                }
                var netDsl = diagnostics.Where(d => d.Id.StartsWith("ND", StringComparison.Ordinal)).ToList();
                var assembly = GeneratorHarness.Load(compilation);   // throws with the errors if anything fails to compile
                for (int i = 0; i < seeds.Length; i++)
                {
                    string file = $"File{i}.cs";
                    // Errors reject a network; a lint is a warning and the network is generated and run like any other.
                    var found = netDsl.FirstOrDefault(d => d.Location.GetLineSpan().Path == file && d.Severity == DiagnosticSeverity.Error);
                    if (found != null)
                    {
                        rejected++;
                        firstIds[found.Id] = firstIds.TryGetValue(found.Id, out int n) ? n + 1 : 1;
                        continue;
                    }
                    accepted++;
                    var type = assembly.GetType($"Case{i}.{RandomDeclarations.NetworkName(i)}")!;
                    Network net;
                    try { net = (Network)Activator.CreateInstance(type, 3)!; }
                    catch (Exception e) { Assert.Fail($"{file}: accepted at compile time, but building it threw {e.InnerException?.Message}\n{RandomDeclarations.Write(seeds[i], i)}"); throw; }
                    using var netScope = net;
                    net.eval();
                    var input = net.InputShape;
                    using var x = input.IsMap ? torch.randn(2, input.C, input.H, input.W) : torch.randn(2, input.C);
                    using var y = net.forward(x);
                    var expected = new long[] { 2 }.Concat(net.OutputShape.ToArray().Select(d => (long)d)).ToArray();
                    Assert.True(expected.SequenceEqual(y.shape),
                        $"{file}: checked output {net.OutputShape}, forward gave [{string.Join(", ", y.shape)}]\n{RandomDeclarations.Write(seeds[i], i)}");
                }
            }, iter: Compilations, threads: 1, seed: Environment.GetEnvironmentVariable("NETDSL_PROPERTY_SEED") ?? "0N0XIzNsQ0O2");   // the first compilation; the rest are random: rerun a failure with its seed here
            Assert.Equal((long)FilesPerCompilation * Compilations, accepted + rejected);
            output.WriteLine($"{(accepted + rejected) * DeclarationsPerFile} declarations in {accepted + rejected} files: {accepted} networks accepted and run, {rejected} rejected with a NetDsl error ("
                + string.Join(", ", firstIds.OrderBy(p => p.Key).Select(p => $"{p.Key} {p.Value}")) + ")");
            Assert.True(accepted >= 600 && rejected >= 600, $"the mix is lopsided: {accepted} accepted, {rejected} rejected");
        }
    }
}
