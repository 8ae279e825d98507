using System;
using System.Globalization;
using System.Text;

namespace NetDsl.Generators.Tests
{
    /// <summary>
    /// Writes a random network declaration (with two blocks of its own) from a seed: mostly sensible
    /// layers with random sizes, so that some shape-check and some break, plus occasional mutations
    /// (negative or fractional values, unknown names, broken expressions, wrong types).
    /// </summary>
    internal sealed class RandomDeclarations
    {
        readonly Random random;
        readonly string suffix;
        int mutations;

        RandomDeclarations(int seed, int index)
        {
            random = new Random(seed);
            suffix = index.ToString(CultureInfo.InvariantCulture);
            mutations = random.Next(4) == 0 ? 1 : 0;   // a quarter of the declarations get one bad value
        }

        public static string NetworkName(int index) => "Net" + index.ToString(CultureInfo.InvariantCulture);

        /// <summary>One file: namespace Case{index} with blocks Res{index}, Cat{index} and network Net{index}.</summary>
        public static string Write(int seed, int index) => new RandomDeclarations(seed, index).Write();

        string Write()
        {
            var sb = new StringBuilder();
            sb.Append("using NetDsl;\nnamespace Case").Append(suffix).Append(";\n");
            sb.Append("[Block, Residual(").Append(Pick("", "Projection = \"downsample\"", "Projection = \"downsample\", After = Act.ReLU", "IfShapesMatch = true")).Append(")]\n");
            sb.Append("public partial class Res").Append(suffix).Append("(int width, int stride = 1)\n{\n");
            sb.Append("    [Conv(nameof(width), 3, Stride = nameof(stride), Padding = ").Append(Value(0, 2)).Append(")] Layer conv1;\n");
            sb.Append("    [BatchNorm, ReLU] Layer bn1;\n}\n");
            sb.Append("[Block, Skip(Merge.Concat)]\npublic partial class Cat").Append(suffix).Append("(int growth)\n{\n");
            sb.Append("    [Conv(nameof(growth), ").Append(Value(1, 3)).Append(", Padding = ").Append(Value(0, 1)).Append(")] Layer conv;\n}\n");
            sb.Append("[Network(Input = \"").Append(Input()).Append("\")]\npublic partial class ").Append(NetworkName(int.Parse(suffix, CultureInfo.InvariantCulture)))
              .Append("(int classes = ").Append(random.Next(1, 6)).Append(")\n{\n");
            // Feature layers, then usually a pooled or flattened head: mostly plausible networks, with the
            // order broken now and then (a Linear too early, a Conv after Flatten).
            int members = random.Next(1, 5), m = 0;
            for (; m < members; m++)
                sb.Append("    [").Append(Wiring(m, members)).Append(Stack()).Append("] Layer m").Append(m).Append(";\n");
            if (random.Next(4) != 0)
            {
                sb.Append("    [").Append(Pick("GlobalAvgPool, Flatten", "Flatten", "AdaptiveAvgPool(2), Flatten")).Append("] Layer m").Append(m++).Append(";\n");
                sb.Append("    [Linear(").Append(Pick("nameof(classes)", Value(1, 10))).Append(Pinned()).Append(")] Layer m").Append(m).Append(";\n");
            }
            sb.Append("}\n");
            return sb.ToString();
        }

        string Input() => random.Next(20) switch
        {
            0 => Pick("784", "3x", "0x8x8", "axbxc", "3xHxW", "3x(8k)x(8k)\", Default = \"3x7x7"),
            1 => $"3xHxW\", Default = \"3x{random.Next(4, 33)}x{random.Next(4, 33)}",
            2 => $"2x(4k)x(4k)\", Default = \"2x{4 * random.Next(1, 9)}x{4 * random.Next(1, 9)}",
            _ => $"{random.Next(1, 5)}x{random.Next(4, 33)}x{random.Next(4, 33)}",
        };

        /// <summary>Now and then a link to another member: earlier (valid), later or itself (ND0019), or an auxiliary head.</summary>
        string Wiring(int self, int members)
        {
            if (random.Next(5) != 0) return "";
            int target = self > 0 && random.Next(6) != 0 ? random.Next(0, self) : random.Next(0, members);
            string tap = "nameof(m" + target.ToString(CultureInfo.InvariantCulture) + ")";
            return random.Next(5) switch
            {
                0 => $"From({tap}), ",
                1 => $"Add({tap}, Crop = {Pick("true", "false")}), ",
                2 => $"Aux({tap}), ",
                3 => $"Concat(\"m9\"), ",
                _ => $"Concat({tap}, Crop = {Pick("true", "false")}), ",
            };
        }

        string Stack()
        {
            int n = random.Next(1, 4);
            var parts = new string[n];
            for (int i = 0; i < n; i++) parts[i] = Layer();
            if (n > 1 && random.Next(4) == 0) parts[0] = random.Next(6) == 0 ? Whole() : $"Use(typeof(Res{suffix}), {Value(1, 8)})";
            return n == 1 && random.Next(3) == 0 ? Whole() : string.Join(", ", parts);
        }

        string Whole() => random.Next(3) switch
        {
            0 => $"Repeat({Value(0, 3)}, typeof(Res{suffix}), {Value(1, 8)}, First = \"stride: {Value(1, 2).Trim('\"')}\")",
            1 => $"Repeat({Value(1, 3)}, typeof(Cat{suffix}), {Value(1, 4)}, Prefix = \"layer\", Start = 1)",
            _ => $"Use(typeof(Res{suffix}), {Value(1, 8)})",
        };

        string Layer() => random.Next(48) switch
        {
            40 => $"ConvTranspose({Value(1, 8)}, {Value(1, 4)}, Stride = {Value(1, 2)}, Padding = {Value(0, 1)}, OutputPadding = {Value(0, 1)})",
            41 => Pick("Upsample(2)", "Upsample(Height = \"InH\", Width = \"InW\", Mode = Interpolation.Bilinear)", "Upsample", $"Upsample(Height = {Value(1, 9)}, Width = 4)"),
            42 => $"Dropout2d({Pick("0.1", "1.5")})",
            43 => $"LRN({Value(1, 5)})",
            44 => Pick("Hardswish", "Hardsigmoid"),
            45 => $"SqueezeExcitation({Pick("\"max(1, C / 4)\"", Value(0, 4), "\"make_divisible(C, 8)\"")}, Act = Act.SiLU)",
            46 => $"DeformConv({Value(1, 8)}, {Value(1, 3)}, Padding = {Value(0, 1)}, Modulated = {Pick("true", "false")})",
            47 => $"Conv(\"make_divisible(C * {Pick("1.5", "2")}, 4)\", 1)",
            < 14 => $"Conv({Value(1, 8)}, {Value(1, 3)}, Stride = {Value(1, 2)}, Padding = {Value(0, 1)}, Dilation = {Value(1, 2)}, Groups = {Value(1, 1)}{Pinned()})",
            < 20 => $"BatchNorm{(random.Next(8) == 0 ? "(In = " + Value(1, 8) + ")" : "")}",
            < 27 => Pick("ReLU", "ReLU6", "Sigmoid", "Tanh", "GELU", "SiLU", "LeakyReLU(0.1)"),
            < 31 => $"MaxPool({Value(2, 3)}, Stride = {Value(1, 2)}, Padding = {Value(0, 1)})",
            < 34 => $"AvgPool({Value(1, 3)}, CeilMode = {Pick("true", "false")})",
            < 36 => $"Dropout({Pick("0.5", "0.0", "0.2")})",
            36 => "GlobalAvgPool",
            37 => $"AdaptiveAvgPool({Value(1, 3)})",
            38 => "Flatten",
            _ => $"Linear({Pick("nameof(classes)", Value(1, 10))}{Pinned()})",
        };

        string Pinned() => random.Next(15) == 0 ? ", In = " + Value(1, 64) : "";

        /// <summary>An integer in range, or now and then a mutation the checker must reject cleanly.</summary>
        string Value(int min, int max) => mutations > 0 && random.Next(6) == 0 && mutations-- > 0 ? Mutation(min, max)
            : random.Next(10) == 0 ? "\"" + random.Next(min, max + 1).ToString(CultureInfo.InvariantCulture) + " * 1\""
            : random.Next(min, max + 1).ToString(CultureInfo.InvariantCulture);

        string Mutation(int min, int max) => random.Next(7) switch
        {
            0 => "-" + random.Next(0, 3).ToString(CultureInfo.InvariantCulture),
            1 => "2.5",
            2 => "\"nope * 2\"",
            3 => "\"(3\"",
            4 => "true",
            5 => "1.5",
            _ => (max + 40).ToString(CultureInfo.InvariantCulture),
        };

        string Pick(params string[] options) => options[random.Next(options.Length)];
    }
}
