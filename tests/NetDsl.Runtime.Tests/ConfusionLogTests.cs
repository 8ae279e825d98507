using System.IO;
using NetDsl.Runtime.Training;
using Xunit;

namespace NetDsl.Runtime.Tests
{
    /// <summary>confusion.csv quotes class names as predict's CSV does (one helper, RFC 4180).</summary>
    public class ConfusionLogTests
    {
        [Fact]
        public void Class_names_with_commas_and_quotes_are_quoted()
        {
            using var dir = new TempFolder();
            var confusion = new ConfusionCounts(3);
            confusion.Counts[0] = 2;   // truth 0 predicted 0
            confusion.Counts[1 * 3 + 2] = 1;   // truth 1 predicted 2
            string path = dir.File(ConfusionLog.FileName);
            ConfusionLog.Write(path, confusion, new[] { "cat, black", "say \"hi\"", "dog" });
            Assert.Equal(new[]
            {
                "truth\\predicted,\"cat, black\",\"say \"\"hi\"\"\",dog",
                "\"cat, black\",2,0,0",
                "\"say \"\"hi\"\"\",0,0,1",
                "dog,0,0,0",
            }, File.ReadAllLines(path));
        }
    }
}
