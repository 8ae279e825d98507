using static TorchSharp.torch;

namespace NetDsl
{
    /// <summary>
    /// The container module <see cref="UnderAttribute"/> registers members in (a head's parts nested as torchvision nests them):
    /// it holds submodules under their names, so state-dict keys read <c>classifier.cbr.0.weight</c>, and is never called
    /// itself; the declaring module's generated forward runs each member where it is declared.
    /// </summary>
    public sealed class ModuleGroup : nn.Module
    {
        /// <summary>An empty group; generated code adds the members.</summary>
        public ModuleGroup() : base(string.Empty) { }

        /// <summary>Registers <paramref name="module"/> under <paramref name="name"/>.</summary>
        public void Add(string name, nn.Module module) => register_module(name, module);

        /// <summary>Nothing to register by reflection: generated code adds every member by name.</summary>
        protected override void RegisterComponents() { }
    }
}
