using System;
using NetDsl.Runtime.Data;

namespace NetDsl.Cli
{
    /// <summary>
    /// <c>--data</c>'s spelling: <c>shapes</c>, <c>mnist:DIR</c>, <c>cifar10:DIR</c> (CIFAR-10 binary),
    /// <c>folder:DIR</c> (one sub-folder of PNG/JPEG/BMP images per class) or <c>maskfolder:DIR</c>
    /// (<c>images/</c> and <c>masks/</c> for segmentation), parsed into a typed <see cref="DataSource"/>.
    /// </summary>
    internal static class DataSourceSyntax
    {
        public const string Choices = "shapes, mnist:DIR, cifar10:DIR, folder:DIR or maskfolder:DIR";

        /// <summary>Parses the value (<see cref="DataSource.TryParse"/>) or throws a <see cref="CliUsageException"/> naming it, <paramref name="where"/> it was given and the choices.</summary>
        public static DataSource Parse(string text, string where = "--data") =>
            DataSource.TryParse(text, out var source) ? source : throw new CliUsageException($"{where}: unknown data source '{text}'; use {Choices}");
    }
}
