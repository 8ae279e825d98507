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
        protected WiringAttribute(string tap) { Tap = tap; }

        /// <summary>The earlier member whose output is used (write nameof(member)).</summary>
        public string Tap { get; }
    }

    /// <summary>The member runs on the output of <see cref="WiringAttribute.Tap"/> instead of the previous member's (FCN's score_pool4).</summary>
    public sealed class FromAttribute : WiringAttribute
    {
        public FromAttribute(string tap) : base(tap) { }
    }

    /// <summary>
    /// Concatenates the kept output of <see cref="WiringAttribute.Tap"/> with the member's input along channels
    /// (kept output first, as U-Net's copy-and-crop); with <see cref="Crop"/>, its centre is cut to the input's size.
    /// </summary>
    public sealed class ConcatAttribute : WiringAttribute
    {
        public ConcatAttribute(string tap) : base(tap) { }
        public bool Crop { get; set; }
    }

    /// <summary>Adds the kept output of <see cref="WiringAttribute.Tap"/> to the member's input (FCN-8s skip fusion); optional centre <see cref="Crop"/>.</summary>
    public sealed class AddAttribute : WiringAttribute
    {
        public AddAttribute(string tap) : base(tap) { }
        public bool Crop { get; set; }
    }

    /// <summary>
    /// Multiplies the member's input element-wise by the kept output of <see cref="WiringAttribute.Tap"/>, broadcast as
    /// PyTorch does (a Cx1x1 gate scales a CxHxW map): LR-ASPP's <c>cbr(x) * scale(x)</c>, SK and other attention gates.
    /// </summary>
    public sealed class MultiplyAttribute : WiringAttribute
    {
        public MultiplyAttribute(string tap) : base(tap) { }
    }

    /// <summary>
    /// Makes the member an auxiliary head on the output of <see cref="WiringAttribute.Tap"/> (GoogLeNet): it runs
    /// only in <see cref="IAuxiliaryHeads.ForwardTraining"/>, never in <c>forward</c>, and its loss is weighted by <see cref="Weight"/>.
    /// </summary>
    public sealed class AuxAttribute : WiringAttribute
    {
        public AuxAttribute(string tap) : base(tap) { }
        public double Weight { get; set; } = 0.3;
    }
}
