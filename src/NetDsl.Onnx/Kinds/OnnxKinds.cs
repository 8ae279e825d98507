using System;
using System.Collections.Generic;
using System.Reflection;
using NetDsl.Graph;
using static NetDsl.Onnx.OnnxBuilder;

namespace NetDsl.Onnx
{
    /// <summary>
    /// Each kind's ONNX mapping, one file per kind in this folder named after it (<c>Conv.cs</c>): a
    /// <c>static void Map(OnnxBuilder, GraphNode, TArgs)</c> over the kernel's argument record, and, where the kind needs a
    /// later opset, <c>static int Opset(TArgs)</c>. Found here by the record's type, so nothing else names a kind; merges
    /// (Add, Concat, Crop) are in <c>Merges.cs</c>.
    /// </summary>
    internal static partial class OnnxKinds
    {
        static readonly Dictionary<Type, MethodInfo> maps = Find("Map", 3);
        static readonly Dictionary<Type, MethodInfo> opsets = Find("Opset", 1);

        public static void Emit(OnnxBuilder b, GraphNode node)
        {
            if (node.Args == null) { Merge(b, node); return; }
            if (!maps.TryGetValue(node.Args.GetType(), out var map))
                throw new OnnxExportException($"{node.Path}: a {node.Op} layer has no ONNX mapping yet (add Kinds/{node.Op}.cs in NetDsl.Onnx)");
            Invoke(map, b, node, node.Args);
        }

        /// <summary>The lowest opset that expresses <paramref name="node"/> (14 unless its kind says more).</summary>
        public static int MinimumOpset(GraphNode node) =>
            node.Args != null && opsets.TryGetValue(node.Args.GetType(), out var m) ? (int)Invoke(m, node.Args)! : OnnxExportOptions.MinOpset;

        static object? Invoke(MethodInfo method, params object[] args)
        {
            try { return method.Invoke(null, args); }
            catch (TargetInvocationException e) when (e.InnerException != null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
                throw;
            }
        }

        static Dictionary<Type, MethodInfo> Find(string name, int arity)
        {
            var found = new Dictionary<Type, MethodInfo>();
            foreach (var m in typeof(OnnxKinds).GetMethods(BindingFlags.Static | BindingFlags.NonPublic))
            {
                var ps = m.GetParameters();
                if (m.Name == name && ps.Length == arity) found[ps[arity - 1].ParameterType] = m;
            }
            return found;
        }

        /// <summary>[k, k] and friends: the square kernel attributes every 2-D op takes ([k] on a CxL map, <paramref name="oneD"/>).</summary>
        static long[] Pair(int v, bool oneD = false) => oneD ? new long[] { v } : new long[] { v, v };
        static long[] Pads(int v, bool oneD = false) => oneD ? new long[] { v, v } : new long[] { v, v, v, v };

        /// <summary>Whether the node's (first) input is a CxL map: its op is the 1-D form (one kernel size, two pads).</summary>
        static bool OneD(GraphNode n) => n.InputShapes[0].Is1d;
    }
}
