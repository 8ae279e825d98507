using System.Globalization;
using System.Linq;
using Xunit;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// An [Aux] head whose output the trainer cannot score against the main output's targets (ND0024 at the [Aux]): a
    /// classifier head of fewer classes, a head left a map, named with both shapes and a fix that builds.
    /// </summary>
    public class AuxHeadOutputTests
    {
        static readonly string Head = "using NetDsl;\nnamespace Demo;\n" + GeneratorHarness.Tiny;

        static string Message(Microsoft.CodeAnalysis.Diagnostic d) => d.GetMessage(CultureInfo.InvariantCulture);

        // G23: a classifier head of fewer classes than fc; G16: a head left a 4x1x1 map, what ND0011's "move [Flatten]" used to
        // produce from an [Aux] on the classifier's flat vector (it built, and Fit failed).
        [Theory]
        [InlineData(@"
[Network(Input = ""3x32x32"")]
public partial class G23
{
    [Conv(16, 3, Padding = 1), ReLU]                        Layer a;
    [Aux(/*ND0024*/nameof(a)), GlobalAvgPool, Flatten, Linear(5)] Layer aux;
    [GlobalAvgPool, Flatten, Linear(10)]                    Layer fc;
}", "aux: the auxiliary head of G23 gives 5, but the main output is 10; the trainer scores each head against the main output's targets (Task = Classification), "
            + "so the head must give its shape; give aux.2 the main output's 10 outputs (outFeatures: 10).", "[Aux(nameof(a)), GlobalAvgPool, Flatten, Linear(10)] Layer aux;")]
        [InlineData(@"
[Network(Input = ""3x32x32"")]
public partial class G16
{
    [Conv(16, 3, Padding = 1), GlobalAvgPool]   Layer a;
    [Aux(/*ND0024*/nameof(a)), Conv(4, 1)]      Layer aux;
    [Flatten, Linear(10)]                        Layer fc;
}", "aux: the auxiliary head of G16 gives 4x1x1, but the main output is 10; the trainer scores each head against the main output's targets (Task = Classification), "
            + "so the head must give its shape; end the head with Flatten, Linear(10) after its [Conv], so it gives the main output's 10 outputs.", "[Aux(nameof(a)), Conv(4, 1), Flatten, Linear(10)]      Layer aux;")]
        public void A_head_the_trainer_cannot_score_is_a_build_error_at_its_Aux_whose_fix_builds(string net, string message, string head)
        {
            var (said, span) = GeneratorHarness.SingleDiagnostic(Head + net);
            Assert.Equal(message, said);
            Assert.Equal("nameof(a)", span);
            string source = Head + net.Replace("/*ND0024*/", "");
            string edited = FixHarness.Apply(source, GeneratorHarness.Run(source).NetDsl.Single());
            Assert.Contains(head, edited);
            var after = GeneratorHarness.Run(edited);
            Assert.Empty(after.NetDsl);
            GeneratorHarness.Load(after);
        }

        [Fact]
        public void ND0011s_fix_for_an_Aux_on_a_flat_vector_no_longer_yields_a_head_that_cannot_train()
        {
            // repros/errs2/G.cs G16: the only member gives the flat vector, so no earlier map to tap; the offered edit moved
            // [Flatten] to fc and left the head a 4x1x1 map, which built and failed in Fit.
            const string Net = @"
[Network(Input = ""3x32x32"")]
public partial class G16
{
    [Conv(16, 3, Padding = 1), GlobalAvgPool, Flatten] Layer a;
    [Aux(nameof(a)), Conv(4, 1)]                       Layer aux;
    [Linear(10)]                                       Layer fc;
}";
            var first = GeneratorHarness.Run(Head + Net).NetDsl.Single();
            Assert.Equal("ND0011", first.Id);
            // The move is no longer offered as an edit (walked again, it leaves the head a 4x1x1 map: the ND0024 above, whose fix builds).
            Assert.Equal("aux: Conv2d needs a CxHxW feature map but its input is the flat vector 16; move it before [Flatten] or declare a CxHxW Input.", Message(first));
            Assert.False(FixHarness.HasFix(first));
        }

        [Fact]
        public void Heads_the_trainer_can_score_build()
        {
            var run = GeneratorHarness.Run(Head + @"
[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Seg
{
    [Conv(8, 3, Padding = 1), ReLU]          Layer a;
    [Aux(nameof(a)), Conv(2, 1)]             Layer aux;     // the main output's classes at full size
    [Aux(nameof(a)), Conv(2, 5)]             Layer valid;   // a centred crop: masks are cropped to it
    [Conv(2, 1)]                             Layer score;
}
[Network(Input = ""3x16x16"")]
public partial class Wider
{
    [Conv(8, 3, Padding = 1), ReLU]                              Layer a;
    [Aux(nameof(a)), GlobalAvgPool, Flatten, Linear(12)]         Layer aux;   // labels 0..9 are in 0..11: Fit takes it
    [GlobalAvgPool, Flatten, Linear(10)]                         Layer fc;
}");
            Assert.Empty(run.NetDsl);
            Assert.Empty(run.CompilerDiagnostics);
        }

        [Fact]
        public void A_segmentation_head_of_other_classes_is_named_with_the_channels_to_give()
        {
            var (message, span) = GeneratorHarness.SingleDiagnostic(Head + @"
[Network(Input = ""3x32x32"", Task = ModelTask.Segmentation)]
public partial class Seg
{
    [Conv(8, 3, Padding = 1), ReLU]          Layer a;
    [Aux(/*ND0024*/nameof(a)), Conv(1, 1)]   Layer aux;
    [Conv(3, 1)]                             Layer score;
}");
            Assert.Equal("aux: the auxiliary head of Seg gives 1x32x32, but the main output is 3x32x32; the trainer scores each head against the main output's targets (Task = Segmentation), "
                + "so the head must give its shape; give aux the main output's 3 channels (outChannels: 3).", message);
            Assert.Equal("nameof(a)", span);
        }
    }
}
