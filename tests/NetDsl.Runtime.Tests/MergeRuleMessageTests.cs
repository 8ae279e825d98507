using NetDsl.Shapes;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>
    /// The general fix a link's size mismatch names when no fix search runs (a network rebuilt at run time with other
    /// arguments, or a declaration whose search found nothing): it must not be the crop to half a skip the search refuses.
    /// </summary>
    public sealed class MergeRuleMessageTests
    {
        static string Message(TensorShape kept, TensorShape input) =>
            MergeRules.MergeTap("dec2", "enc1", concat: true, crop: false, kept, input).Issue!.Message;

        [Fact]
        public void A_skip_twice_the_paths_size_is_told_to_upsample_not_to_crop_three_quarters_away()
        {
            string message = Message(new TensorShape(8, 32, 32), new TensorShape(16, 16, 16));
            Assert.DoesNotContain("Crop = true", message);
            Assert.EndsWith("enc1's map is 2 times the path's on each side: upsample the path by 2 before the merge ([Upsample(2)] or a stride-2 " +
                "ConvTranspose after the layer that makes it), or link the member whose map has the path's size.", message);
        }

        [Fact]
        public void A_skip_smaller_than_the_path_by_a_factor_is_a_link_to_another_scale()
        {
            Assert.EndsWith("enc1's map is 2 times smaller than the path's on each side: link the member whose map has the path's size, or upsample " +
                "enc1's output by 2 before it is merged.", Message(new TensorShape(16, 16, 16), new TensorShape(8, 32, 32)));
        }

        [Fact]
        public void The_original_U_Nets_margins_still_get_the_crop()
        {
            Assert.Contains("add Crop = true to crop enc1's 64x64 to 56x56 (original U-Net)", Message(new TensorShape(8, 64, 64), new TensorShape(8, 56, 56)));
        }
    }
}
