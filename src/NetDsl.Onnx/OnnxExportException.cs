using System;

namespace NetDsl.Onnx
{
    /// <summary>A network (or a layer of it, named in the message) that cannot be written as ONNX with the options given.</summary>
    public sealed class OnnxExportException : Exception
    {
        public OnnxExportException(string message) : base(message) { }
    }
}
