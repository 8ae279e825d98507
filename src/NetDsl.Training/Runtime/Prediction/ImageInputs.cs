using System.Collections.Generic;
using System.IO;
using NetDsl.Runtime.Data;

namespace NetDsl
{
    /// <summary>An image file to predict for and the name its result goes under (its path below the folder it was found in, or its file name).</summary>
    public sealed record ImageInput(string Path, string Name);

    /// <summary>Image files and folders given to a prediction, as a list of files.</summary>
    public static class ImageInputs
    {
        /// <summary>
        /// Each path as given when it is a file; each folder walked for images as <c>folder:</c> data is (sub-folders included,
        /// hidden files and files that are no image left out; a file of an image format NetDsl cannot read, such as a GIF, is listed
        /// and refused by name when read, costing only its own answer), in
        /// ordinal order. A path that does not exist is an error naming it.
        /// </summary>
        public static IReadOnlyList<ImageInput> Expand(IEnumerable<string> paths)
        {
            var inputs = new List<ImageInput>();
            foreach (string path in paths)
            {
                if (Directory.Exists(path))
                {
                    foreach (string file in ImageFiles.ToPredict(path))
                        inputs.Add(new ImageInput(file, System.IO.Path.GetRelativePath(path, file)));
                }
                else if (File.Exists(path)) inputs.Add(new ImageInput(path, System.IO.Path.GetFileName(path)));
                else throw new FileNotFoundException($"{path}: no such image file or folder", path);
            }
            return inputs;
        }

        /// <summary>
        /// The image files <paramref name="paths"/> stand for, in order: a file as given (read, or refused by name, when predicted
        /// for), a folder as the image files under it (<see cref="Expand"/>'s walk, which <c>netdsl predict</c> uses: files that
        /// are no image, such as <c>notes.txt</c>, left out; a folder holding no image is an error naming it). What <c>Predict</c>, <c>Classify</c>, <c>Segment</c> and <c>Detect</c> read.
        /// </summary>
        public static IEnumerable<string> Files(IEnumerable<string> paths)
        {
            foreach (string path in paths)
            {
                if (Directory.Exists(path))
                {
                    string[] files = ImageFiles.ToPredict(path);
                    if (files.Length == 0)
                        throw new InvalidDataException($"{path}: is a folder with no image files ({ImageFiles.Formats}) under it; give image files or a folder holding some");
                    foreach (string file in files) yield return file;
                }
                else yield return path;
            }
        }
    }
}
