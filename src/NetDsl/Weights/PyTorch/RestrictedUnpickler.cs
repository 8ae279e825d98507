using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Numerics;
using System.Text;

namespace NetDsl.Weights.PyTorch
{
    /// <summary>
    /// Reads the pickle inside a <c>torch.save</c> archive without executing anything: it knows the opcodes
    /// <c>torch.save</c> emits (protocols 2–4) and a fixed list of globals (OrderedDict, the tensor and parameter
    /// rebuild functions, the typed storage classes), and turns them into plain records. Any other opcode or
    /// global is an <see cref="InvalidDataException"/> naming the file, the byte offset and what was found,
    /// so a file carrying code (<c>os.system</c>, a pickled module class) is refused, not run.
    /// </summary>
    sealed class RestrictedUnpickler
    {
        /// <summary>Typed storages <c>torch.save</c> writes, with the dtype each holds.</summary>
        public static readonly IReadOnlyDictionary<string, TorchSharp.torch.ScalarType> StorageTypes = new Dictionary<string, TorchSharp.torch.ScalarType>
        {
            ["FloatStorage"] = TorchSharp.torch.ScalarType.Float32, ["DoubleStorage"] = TorchSharp.torch.ScalarType.Float64,
            ["HalfStorage"] = TorchSharp.torch.ScalarType.Float16, ["BFloat16Storage"] = TorchSharp.torch.ScalarType.BFloat16,
            ["LongStorage"] = TorchSharp.torch.ScalarType.Int64, ["IntStorage"] = TorchSharp.torch.ScalarType.Int32,
            ["ShortStorage"] = TorchSharp.torch.ScalarType.Int16, ["CharStorage"] = TorchSharp.torch.ScalarType.Int8,
            ["ByteStorage"] = TorchSharp.torch.ScalarType.Byte, ["BoolStorage"] = TorchSharp.torch.ScalarType.Bool,
        };

        static readonly HashSet<string> Callables = new HashSet<string>(StringComparer.Ordinal)
        {
            "collections.OrderedDict", "torch._utils._rebuild_tensor_v2", "torch._utils._rebuild_parameter",
        };

        readonly byte[] data;
        readonly string source;
        readonly List<object?> stack = new List<object?>();
        readonly Dictionary<long, object?> memo = new Dictionary<long, object?>();
        int position;

        RestrictedUnpickler(byte[] data, string source)
        {
            this.data = data;
            this.source = source;
        }

        /// <summary>Unpickles <paramref name="data"/> (named <paramref name="source"/> in errors) into records.</summary>
        public static object? Load(byte[] data, string source) => new RestrictedUnpickler(data, source).Run();

        object? Run()
        {
            while (true)
            {
                if (position >= data.Length) throw Fail("the pickle ends without a STOP opcode");
                int at = position;
                byte op = data[position++];
                switch (op)
                {
                    case 0x80: position++; break;                                   // PROTO n
                    case 0x95: position += 8; break;                                // FRAME (protocol 4)
                    case 0x2e: return Pop(at);                                      // STOP
                    case 0x7d: Push(new PickleDict()); break;                       // EMPTY_DICT
                    case 0x5d: Push(new List<object?>()); break;                    // EMPTY_LIST
                    case 0x29: Push(Array.Empty<object?>()); break;                 // EMPTY_TUPLE
                    case 0x28: Push(PickleMark.Instance); break;                    // MARK
                    case 0x4e: Push(null); break;                                   // NONE
                    case 0x88: Push(true); break;                                   // NEWTRUE
                    case 0x89: Push(false); break;                                  // NEWFALSE
                    case 0x4b: Push((long)data[position++]); break;                 // BININT1
                    case 0x4d: Push((long)BinaryPrimitives.ReadUInt16LittleEndian(Take(2))); break;  // BININT2
                    case 0x4a: Push((long)BinaryPrimitives.ReadInt32LittleEndian(Take(4))); break;   // BININT
                    case 0x8a: Push(Long(Take(data[position++]))); break;           // LONG1
                    case 0x47: Push(BinaryPrimitives.ReadDoubleBigEndian(Take(8))); break;           // BINFLOAT
                    case 0x58: Push(Text(BinaryPrimitives.ReadInt32LittleEndian(Take(4)))); break;   // BINUNICODE
                    case 0x8c: Push(Text(data[position++])); break;                 // SHORT_BINUNICODE
                    case 0x8d: Push(Text(checked((int)BinaryPrimitives.ReadInt64LittleEndian(Take(8))))); break; // BINUNICODE8
                    case 0x43: Push(Take(data[position++]).ToArray()); break;       // SHORT_BINBYTES
                    case 0x42: Push(Take(BinaryPrimitives.ReadInt32LittleEndian(Take(4))).ToArray()); break; // BINBYTES
                    case 0x71: memo[data[position++]] = Peek(at); break;            // BINPUT
                    case 0x72: memo[BinaryPrimitives.ReadUInt32LittleEndian(Take(4))] = Peek(at); break; // LONG_BINPUT
                    case 0x94: memo[memo.Count] = Peek(at); break;                  // MEMOIZE
                    case 0x68: Push(Memo(data[position++], at)); break;             // BINGET
                    case 0x6a: Push(Memo(BinaryPrimitives.ReadUInt32LittleEndian(Take(4)), at)); break; // LONG_BINGET
                    case 0x85: Push(new[] { Pop(at) }); break;                      // TUPLE1
                    case 0x86: { var b = Pop(at); var a = Pop(at); Push(new[] { a, b }); break; }            // TUPLE2
                    case 0x87: { var c = Pop(at); var b = Pop(at); var a = Pop(at); Push(new[] { a, b, c }); break; } // TUPLE3
                    case 0x74: Push(PopToMark(at).ToArray()); break;                // TUPLE
                    case 0x61: { var item = Pop(at); As<List<object?>>(Peek(at), "APPEND", at).Add(item); break; }
                    case 0x65: { var items = PopToMark(at); As<List<object?>>(Peek(at), "APPENDS", at).AddRange(items); break; }
                    case 0x73: { var v = Pop(at); var k = Pop(at); As<PickleDict>(Peek(at), "SETITEM", at).Items.Add(new(k, v)); break; }
                    case 0x75: SetItems(at); break;                                 // SETITEMS
                    case 0x63: Push(Global(ReadLine(), ReadLine(), at)); break;     // GLOBAL "module\nname\n"
                    case 0x93: { var name = Pop(at) as string; var module = Pop(at) as string; Push(Global(module ?? "?", name ?? "?", at)); break; } // STACK_GLOBAL
                    case 0x51: Push(PersistentLoad(Pop(at), at)); break;            // BINPERSID
                    case 0x52: { var args = Pop(at); var callable = Pop(at); Push(Reduce(callable, args, at)); break; } // REDUCE
                    case 0x62: Build(at); break;                                    // BUILD
                    default:
                        throw Fail($"opcode 0x{op:x2} at byte {at} is not one torch.save writes for tensors, dicts and storages; the file may hold pickled code, which is not run");
                }
            }
        }

        void SetItems(int at)
        {
            var items = PopToMark(at);
            var dict = As<PickleDict>(Peek(at), "SETITEMS", at);
            for (int i = 0; i + 1 < items.Count; i += 2) dict.Items.Add(new(items[i], items[i + 1]));
        }

        PickleGlobal Global(string module, string name, int at)
        {
            string full = module + "." + name;
            bool storage = module == "torch" && StorageTypes.ContainsKey(name);
            if (!storage && !Callables.Contains(full))
                throw Fail($"global '{full}' at byte {at} is not allowed: a state dict holds only tensors, OrderedDict and storage records " +
                           "(the file may hold pickled code or whole objects; save model.state_dict() instead)");
            return new PickleGlobal(module, name);
        }

        /// <summary><c>('storage', torch.FloatStorage, key, location, numel)</c> → a record whose bytes are <c>data/key</c>.</summary>
        object PersistentLoad(object? id, int at)
        {
            if (id is object?[] { Length: 5 } t && t[0] is "storage" && t[1] is PickleGlobal type && StorageTypes.ContainsKey(type.Name)
                && t[2] is string key && t[4] is long count)
                return new StorageRecord(key, type, count);
            throw Fail($"persistent id at byte {at} is not a typed storage record ('storage', type, key, location, numel): {Describe(id)}");
        }

        object? Reduce(object? callable, object? args, int at)
        {
            if (callable is not PickleGlobal g || args is not object?[] a)
                throw Fail($"REDUCE at byte {at} applies {Describe(callable)} to {Describe(args)}; only allowed globals with a tuple of arguments are read");
            switch (g.ToString())
            {
                case "collections.OrderedDict" when a.Length == 0:
                    return new PickleDict();
                case "torch._utils._rebuild_tensor_v2" when a.Length >= 4 && a[0] is StorageRecord s && a[1] is long offset:
                    return new TensorRecord(s, offset, Longs(a[2], "size", at), Longs(a[3], "stride", at));
                case "torch._utils._rebuild_parameter" when a.Length >= 1 && a[0] is TensorRecord tensor:
                    return tensor;
                default:
                    throw Fail($"REDUCE at byte {at}: {g} with arguments {Describe(args)} is not how torch.save writes a tensor or OrderedDict");
            }
        }

        /// <summary>BUILD sets an object's state; a state dict's only state is OrderedDict._metadata (module versions), which is dropped.</summary>
        void Build(int at)
        {
            var state = Pop(at);
            if (Peek(at) is not PickleDict) throw Fail($"BUILD at byte {at} sets the state of {Describe(Peek(at))}; only an OrderedDict's metadata is accepted");
            _ = state;
        }

        static long[] Longs(object? value, string what, int at) =>
            value is object?[] items && items.All(i => i is long) ? items.Select(i => (long)i!).ToArray()
                : throw new InvalidDataException($"byte {at}: tensor {what} is {Describe(value)}, not a tuple of integers");

        static object Long(ReadOnlySpan<byte> bytes)
        {
            var value = new BigInteger(bytes, isUnsigned: false, isBigEndian: false);
            return value >= long.MinValue && value <= long.MaxValue ? (long)value : value;
        }

        ReadOnlySpan<byte> Take(int count)
        {
            if (count < 0 || position + count > data.Length) throw Fail($"the pickle is cut short at byte {position} (wanted {count} more bytes)");
            var span = data.AsSpan(position, count);
            position += count;
            return span;
        }

        string Text(int length) => Encoding.UTF8.GetString(Take(length));

        string ReadLine()
        {
            int end = Array.IndexOf(data, (byte)'\n', position);
            if (end < 0) throw Fail($"GLOBAL at byte {position} has no end of line");
            string line = Encoding.UTF8.GetString(data, position, end - position);
            position = end + 1;
            return line;
        }

        void Push(object? value) => stack.Add(value);

        object? Peek(int at) => stack.Count > 0 ? stack[^1] : throw Fail($"stack underflow at byte {at}");

        object? Pop(int at)
        {
            var value = Peek(at);
            stack.RemoveAt(stack.Count - 1);
            if (value is PickleMark) throw Fail($"an opcode at byte {at} consumed a MARK");
            return value;
        }

        List<object?> PopToMark(int at)
        {
            int mark = stack.FindLastIndex(v => v is PickleMark);
            if (mark < 0) throw Fail($"no MARK before byte {at}");
            var items = stack.GetRange(mark + 1, stack.Count - mark - 1);
            stack.RemoveRange(mark, stack.Count - mark);
            return items;
        }

        object? Memo(long index, int at) => memo.TryGetValue(index, out var value) ? value : throw Fail($"memo entry {index} read at byte {at} was never written");

        T As<T>(object? value, string opcode, int at) where T : class =>
            value as T ?? throw Fail($"{opcode} at byte {at} targets {Describe(value)}, not a {typeof(T).Name}");

        static string Describe(object? value) => value switch
        {
            null => "None",
            string s => $"'{s}'",
            object?[] t => "(" + string.Join(", ", t.Select(Describe)) + ")",
            PickleDict => "a dict",
            _ => value.ToString() ?? value.GetType().Name,
        };

        InvalidDataException Fail(string message) => new InvalidDataException($"{source}: {message}");
    }
}
