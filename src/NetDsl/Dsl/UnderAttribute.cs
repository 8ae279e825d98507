using System;

namespace NetDsl
{
    /// <summary>
    /// Registers the member as a submodule of a plain container module named <see cref="Container"/>, created at the first
    /// member that names it: state-dict keys read <c>classifier.cbr.0.weight</c> for a member <c>cbr</c> under
    /// <c>"classifier"</c>, as torchvision nests a head's parts (LR-ASPP's cbr, scale, low_classifier, high_classifier). The
    /// container is never called as a whole: the declaring module's forward runs each member where it is declared, so its
    /// wiring ([From], [Add], [Multiply], …) reads and feeds other members as for any member.
    /// </summary>
    [AttributeUsage(AttributeTargets.Field | AttributeTargets.Property, AllowMultiple = false, Inherited = false)]
    public sealed class UnderAttribute : Attribute
    {
        /// <summary>Registers the member inside the container module <paramref name="container"/> (a name, no dots).</summary>
        public UnderAttribute(string container) { Container = container; }

        /// <summary>The container module's name in the declaring module (its state-dict prefix).</summary>
        public string Container { get; }
    }
}
