using System;
using System.Runtime.InteropServices;
using TorchSharp;

namespace NetDsl
{
    /// <summary>
    /// Keeps libtorch from asking for NNPACK. libtorch 2.10 picks a CPU convolution's kernel in order: oneDNN takes every
    /// batch above 1 (and large single images); for the rest (one small image, as in <c>Predict</c> on a single file) it
    /// asks <c>at::_nnpack_available()</c>, which where NNPACK's initialisation fails (this repository's Zen 5 VM, many
    /// VMs) logs <c>Could not initialize NNPACK! Reason: Unsupported hardware.</c> to stderr on every such convolution
    /// call, before it declines NNPACK anyway (NNPACK also needs a batch of 16, which oneDNN has already taken). With
    /// NNPACK disabled in libtorch's global context (<c>torch.backends.nnpack.set_flags(False)</c> in PyTorch) the
    /// question is never asked: no message, and the same kernels as before (the non-NNPACK one it fell to).
    /// TorchSharp 0.107 wraps no such setter, so it is called through libtorch's exported C++ symbols
    /// (<c>at::globalContext()</c>, <c>at::Context::setUserEnabledNNPACK(bool)</c>); where they are not found (another
    /// ABI, a libtorch without them) nothing changes and the message is the only cost.
    /// Every generated <see cref="Network"/> calls <see cref="Disable"/> as it is built, so <c>forward</c>, <c>Predict</c>
    /// and <c>ForInference</c> from any app are quiet, not only the CLI's (whose evaluations batch above 1 anyway).
    /// </summary>
    public static class Nnpack
    {
        static readonly object Gate = new();
        static bool? disabled;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        delegate IntPtr GlobalContext();

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        delegate void SetEnabled(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        [return: MarshalAs(UnmanagedType.U1)]
        delegate bool GetEnabled(IntPtr context);

        // Itanium (Linux, macOS) and MSVC (Windows x64) names of the three functions.
        static readonly (string Context, string Set, string Get)[] Symbols =
        {
            ("_ZN2at13globalContextEv", "_ZN2at7Context20setUserEnabledNNPACKEb", "_ZNK2at7Context17userEnabledNNPACKEv"),
            ("?globalContext@at@@YAAEAVContext@1@XZ", "?setUserEnabledNNPACK@Context@at@@QEAAX_N@Z", "?userEnabledNNPACK@Context@at@@QEBA_NXZ"),
        };

        static readonly string[] Libraries = { "libtorch_cpu.so", "libtorch_cpu.dylib", "torch_cpu.dll" };

        /// <summary>
        /// Once per process: turns NNPACK off in libtorch (loading TorchSharp's native backend first). Returns whether
        /// it is off; false where libtorch's symbols were not found. Safe to call from anywhere, any number of times.
        /// </summary>
        public static bool Disable()
        {
            lock (Gate)
            {
                disabled ??= Apply();
                return disabled.Value;
            }
        }

        /// <summary>libtorch's NNPACK flag now (null where its symbols were not found); for tests and diagnostics.</summary>
        public static bool? Enabled()
        {
            var found = Find();
            return found is { } f ? f.Get(f.Context()) : null;
        }

        static bool Apply()
        {
            try
            {
                if (Find() is not { } f) return false;
                f.Set(f.Context(), false);
                return !f.Get(f.Context());
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or TypeInitializationException or NotSupportedException or InvalidOperationException)
            {
                return false;
            }
        }

        static (GlobalContext Context, SetEnabled Set, GetEnabled Get)? Find()
        {
            // TorchSharp loads libtorch on first use; after that the library is found by name among the loaded ones.
            if (!torch.TryInitializeDeviceType(DeviceType.CPU)) return null;
            foreach (var name in Libraries)
            {
                if (!NativeLibrary.TryLoad(name, out var library)) continue;
                foreach (var (context, set, get) in Symbols)
                {
                    if (NativeLibrary.TryGetExport(library, context, out var c) && NativeLibrary.TryGetExport(library, set, out var s)
                        && NativeLibrary.TryGetExport(library, get, out var g))
                        return (Marshal.GetDelegateForFunctionPointer<GlobalContext>(c), Marshal.GetDelegateForFunctionPointer<SetEnabled>(s),
                            Marshal.GetDelegateForFunctionPointer<GetEnabled>(g));
                }
            }
            return null;
        }
    }
}
