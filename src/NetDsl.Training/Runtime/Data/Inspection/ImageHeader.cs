using System;
using System.IO;
using StbImageSharp;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A file's format and channels as its header states them ("PNG RGB", "JPEG gray", "PNG gray 16-bit"), for a data check's
    /// summary of what a set holds; read after the file decoded, so a failure here only leaves the description vague.
    /// </summary>
    internal static class ImageHeader
    {
        public static string Describe(string path)
        {
            try
            {
                using var stream = File.OpenRead(path);
                var head = new byte[8];
                int got = stream.Read(head, 0, head.Length);
                var span = head.AsSpan(0, got);
                string format = PngCheck.HasSignature(span) ? "PNG" : JpegCheck.HasSignature(span) ? "JPEG" : BmpCheck.HasSignature(span) ? "BMP" : "image";
                stream.Position = 0;
                if (ImageInfo.FromStream(stream) is not { } info) return format;
                string components = info.ColorComponents switch
                {
                    ColorComponents.Grey => "gray",
                    ColorComponents.GreyAlpha => "gray+alpha",
                    ColorComponents.RedGreenBlue => "RGB",
                    ColorComponents.RedGreenBlueAlpha => "RGBA",
                    _ => info.ColorComponents.ToString(),
                };
                return $"{format} {components}{(info.BitsPerChannel == 16 ? " 16-bit" : "")}";
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "image"; }
        }
    }
}
