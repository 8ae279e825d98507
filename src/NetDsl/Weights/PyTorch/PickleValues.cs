using System.Collections.Generic;

namespace NetDsl.Weights.PyTorch
{
    /// <summary>A global the unpickler allowed (<c>module.name</c>): a callable it knows how to apply, never a Python object.</summary>
    sealed record PickleGlobal(string Module, string Name)
    {
        public override string ToString() => Module + "." + Name;
    }

    /// <summary>A storage record from a persistent id: <c>('storage', torch.FloatStorage, key, location, numel)</c>.</summary>
    sealed record StorageRecord(string Key, PickleGlobal Type, long Count);

    /// <summary>What <c>torch._utils._rebuild_tensor_v2</c> was called with; the bytes are read after unpickling.</summary>
    sealed record TensorRecord(StorageRecord Storage, long Offset, long[] Shape, long[] Strides);

    /// <summary>A pickled <c>collections.OrderedDict</c> or dict: string keys in file order, as PyTorch writes a state dict.</summary>
    sealed class PickleDict
    {
        public List<KeyValuePair<object?, object?>> Items { get; } = new List<KeyValuePair<object?, object?>>();
    }

    /// <summary>The marker MARK pushes (a frame for TUPLE, SETITEMS, APPENDS).</summary>
    sealed class PickleMark
    {
        public static readonly PickleMark Instance = new PickleMark();
    }
}
