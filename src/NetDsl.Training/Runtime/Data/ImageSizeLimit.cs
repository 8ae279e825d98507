using System;
using System.IO;
using StbImageSharp;

namespace NetDsl.Runtime.Data
{
    /// <summary>
    /// A service's limit on image size, applied to the size an image's header declares before anything is decoded or
    /// inflated (a 300 KB PNG can declare 10000x10000 pixels and take half a minute and 1.4 GB to decode). PNG, JPEG and
    /// BMP headers are read by the decoder's own header reader; <see cref="PngCheck.MaxPixels"/> stays the absolute ceiling.
    /// </summary>
    internal static class ImageSizeLimit
    {
        /// <summary>Throws an <see cref="InvalidDataException"/> naming <paramref name="name"/> when its header declares more than <paramref name="maxPixels"/> pixels.</summary>
        public static void Check(string name, byte[] bytes, long maxPixels)
        {
            if (Size(bytes) is (long width, long height) && width * height > maxPixels)
                throw new InvalidDataException(
                    $"{name}: its header declares {width}x{height} = {width * height:N0} pixels, more than the " +
                    $"{maxPixels:N0} this predictor accepts (PredictorOptions.MaxPixels); refused before decoding");
        }

        /// <summary>
        /// The size a PNG's IHDR (<see cref="PngCheck.DeclaredSize"/>: read directly, as the decoder's header reader refuses an
        /// IHDR with no data after it) or a JPEG's or BMP's header declares; null for anything else or an unreadable header,
        /// which the checks before decoding name.
        /// </summary>
        static (long Width, long Height)? Size(byte[] bytes)
        {
            if (PngCheck.HasSignature(bytes)) return PngCheck.DeclaredSize(bytes);
            if (!JpegCheck.HasSignature(bytes) && !BmpCheck.HasSignature(bytes)) return null;
            try
            {
                using var stream = new MemoryStream(bytes, writable: false);
                return ImageInfo.FromStream(stream) is ImageInfo info ? (info.Width, info.Height) : null;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                return null;
            }
        }
    }
}
