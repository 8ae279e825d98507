using System;

namespace NetDsl
{
    // Wiring attributes: where a member takes its input from, and which kept outputs of earlier members
    // it merges in first (encoder-decoder links, FCN skip fusion, auxiliary heads). Any earlier member's
    // output can be named with nameof(member); the generator keeps exactly the outputs that are named.

    /// <summary>Base of the wiring attributes; they come before a member's layer attributes.</summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = true, Inherited = false)]
    public abstract class WiringAttribute : Attribute
    {
        /// <summary>Wiring to the output of member <paramref name="tap"/>.</summary>
        protected WiringAttribute(string tap) { Tap = tap; }

        /// <summary>The earlier member whose output is used (write nameof(member)).</summary>
        public string Tap { get; }
    }

    /// <summary>The member runs on the output of <see cref="WiringAttribute.Tap"/> instead of the previous member's (FCN's score_pool4).</summary>
    public sealed class FromAttribute : WiringAttribute
    {
        /// <summary>Runs the member on the output of <paramref name="tap"/>.</summary>
        public FromAttribute(string tap) : base(tap) { }
    }

    /// <summary>
    /// Concatenates the kept output of <see cref="WiringAttribute.Tap"/> with the member's input along channels
    /// (kept output first, as U-Net's copy-and-crop); with <see cref="Crop"/>, its centre is cut to the input's size.
    /// </summary>
    public sealed class ConcatAttribute : WiringAttribute
    {
        /// <summary>Concatenates the kept output of <paramref name="tap"/> first.</summary>
        public ConcatAttribute(string tap) : base(tap) { }
        /// <summary>Cut the kept output's centre to the input's size when it is larger (U-Net without padding, FCN).</summary>
        public bool Crop { get; set; }
    }

    /// <summary>Adds the kept output of <see cref="WiringAttribute.Tap"/> to the member's input (FCN-8s skip fusion); optional centre <see cref="Crop"/>.</summary>
    public sealed class AddAttribute : WiringAttribute
    {
        /// <summary>Adds the kept output of <paramref name="tap"/> first.</summary>
        public AddAttribute(string tap) : base(tap) { }
        /// <summary>Cut the kept output's centre to the input's size when it is larger (U-Net without padding, FCN).</summary>
        public bool Crop { get; set; }
    }

    /// <summary>
    /// Multiplies the member's input element-wise by the kept output of <see cref="WiringAttribute.Tap"/>, broadcast as
    /// PyTorch does (a Cx1x1 gate scales a CxHxW map): LR-ASPP's <c>cbr(x) * scale(x)</c>, SK and other attention gates.
    /// </summary>
    public sealed class MultiplyAttribute : WiringAttribute
    {
        /// <summary>Multiplies the member's input by member <paramref name="tap"/>'s kept output (write <c>nameof(member)</c>).</summary>
        public MultiplyAttribute(string tap) : base(tap) { }
    }

    /// <summary>
    /// Makes the member an auxiliary head on the output of <see cref="WiringAttribute.Tap"/> (GoogLeNet): it runs
    /// only in <see cref="IAuxiliaryHeads.ForwardTraining"/>, never in <c>forward</c>, and its loss is weighted by <see cref="Weight"/>.
    /// <see cref="Enabled"/> switches the head off per instance, as torchvision's <c>aux_logits=False</c>:
    /// <c>[Aux(nameof(Mixed_6e), Weight = 0.4, Enabled = nameof(auxLogits))]</c>.
    /// </summary>
    public sealed class AuxAttribute : WiringAttribute
    {
        /// <summary>An auxiliary head on the output of <paramref name="tap"/>.</summary>
        public AuxAttribute(string tap) : base(tap) { }
        /// <summary>The weight of this head's loss in the training loss (GoogLeNet's 0.3).</summary>
        public double Weight { get; set; } = 0.3;
        /// <summary>
        /// Whether the head exists (true or false, or the name of a bool constructor parameter: <c>nameof(auxLogits)</c>). When
        /// false it is not built at all: its member stays null, it owns no parameters and no state-dict keys, is not shape-checked
        /// (so inputs too small for it are accepted), and <see cref="IAuxiliaryHeads.ForwardTraining"/> returns no output for it.
        /// Anything but a bool is ND0013; an unknown name is ND0002.
        /// </summary>
        public object Enabled { get; set; } = true;
    }
}
