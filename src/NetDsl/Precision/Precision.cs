namespace NetDsl
{
    /// <summary>
    /// What convolutions, linear layers and matmuls compute in. The mixed modes keep fp32 master weights, BatchNorm
    /// statistics, losses, softmax and the optimizer in fp32 (PyTorch autocast's lists) and cast only those ops.
    /// </summary>
    public enum Precision
    {
        /// <summary>Everything in fp32.</summary>
        Fp32,

        /// <summary>
        /// bfloat16 compute of convolutions and linear layers from fp32 weights, their outputs handed on in fp32 (see
        /// <see cref="ComputeMode.For"/>); no loss scaling needed (fp32's exponent range).
        /// </summary>
        Bf16Mixed,

        /// <summary>float16 compute from fp32 weights with dynamic loss scaling (<see cref="LossScaler"/>); CUDA only.</summary>
        Fp16Mixed,
    }

    /// <summary>The command-line names of <see cref="Precision"/> values (fp32, bf16-mixed, fp16-mixed).</summary>
    public static class PrecisionNames
    {
        /// <summary>The CLI spelling: fp32, bf16-mixed, fp16-mixed.</summary>
        public static string Name(this Precision precision) => precision switch
        {
            Precision.Bf16Mixed => "bf16-mixed",
            Precision.Fp16Mixed => "fp16-mixed",
            _ => "fp32",
        };

        /// <summary>Every precision's CLI spelling, in declaration order: fp32, bf16-mixed, fp16-mixed.</summary>
        public static string[] All => System.Array.ConvertAll(System.Enum.GetValues<Precision>(), p => p.Name());

        /// <summary>The precision named <paramref name="text"/>, if it is one.</summary>
        public static bool TryParse(string text, out Precision precision)
        {
            foreach (var p in System.Enum.GetValues<Precision>())
                if (string.Equals(p.Name(), text, System.StringComparison.OrdinalIgnoreCase)) { precision = p; return true; }
            precision = Precision.Fp32;
            return false;
        }

        /// <summary>The compute type of the cast ops, or null for fp32.</summary>
        public static TorchSharp.torch.ScalarType? ComputeType(this Precision precision) => precision switch
        {
            Precision.Bf16Mixed => TorchSharp.torch.ScalarType.BFloat16,
            Precision.Fp16Mixed => TorchSharp.torch.ScalarType.Float16,
            _ => null,
        };
    }
}
