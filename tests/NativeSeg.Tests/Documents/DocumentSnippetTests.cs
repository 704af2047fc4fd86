using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NativeSeg.Cli;

namespace NativeSeg.Tests.Documents;

/// <summary>
/// The examples in the documents cannot drift from the code: every ```csharp block in a tracked document compiles
/// against the library as it is, and every `nativeseg` command line in README.md and docs/guide.md parses with the
/// program's own command tree (verbs and options exist, values have their types).
/// </summary>
public partial class DocumentSnippetTests
{
    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"```[a-z]*\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CodeBlock();

    private static IEnumerable<string> TrackedDocuments() => TrackedFiles.Matching("*.md");

    public static TheoryData<string> CSharpExamples()
    {
        var data = new TheoryData<string>();
        foreach (var doc in TrackedDocuments())
        {
            var blocks = CSharpBlock().Matches(File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, doc)));
            for (int i = 0; i < blocks.Count; i++) data.Add($"{doc}#{i}");
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(CSharpExamples))]
    public void EveryCSharpExampleCompiles(string example)
    {
        var (doc, index) = (example.Split('#')[0], int.Parse(example.Split('#')[1], System.Globalization.CultureInfo.InvariantCulture));
        string code = CSharpBlock().Matches(File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, doc)))[index].Groups["code"].Value;
        var errors = SnippetCompiler.Errors(code);
        Assert.True(errors.Count == 0, $"{doc}, example {index + 1}:\n{string.Join("\n", errors)}");
    }

    [Fact]
    public void ABrokenExampleDoesNotCompile() =>
        Assert.NotEmpty(SnippetCompiler.Errors("var net = new EquivariantUNet(new ModelConfig { NoSuchSetting = 1 });"));

    public static TheoryData<string> CommandLines()
    {
        // A line documented twice (README and guide) is one case: xunit would skip the second as a duplicate.
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var data = new TheoryData<string>();
        foreach (var doc in new[] { "README.md", "docs/guide.md" })
            foreach (Match block in CodeBlock().Matches(File.ReadAllText(Path.Combine(FixturePaths.RepoRoot, doc))))
                foreach (var line in block.Groups["code"].Value.Split('\n'))
                    if (CommandOf(line) is { } command && seen.Add(command)) data.Add(command);
        return data;
    }

    /// <summary>The arguments of a documented `nativeseg ...` line: without the prompt, the trailing comment and
    /// optional parts in [brackets]; null for any other line.</summary>
    public static string? CommandOf(string line)
    {
        string text = line.Trim();
        if (text.StartsWith("$ ", StringComparison.Ordinal)) text = text[2..];
        if (!text.StartsWith("nativeseg ", StringComparison.Ordinal)) return null;
        int comment = text.IndexOf(" #", StringComparison.Ordinal);
        if (comment >= 0) text = text[..comment];
        text = Regex.Replace(text, @"\[[^\]]*\]", "");
        return text["nativeseg ".Length..].Trim();
    }

    [Theory]
    [MemberData(nameof(CommandLines))]
    public void EveryDocumentedCommandLineParses(string arguments)
    {
        var result = CliApp.BuildRoot().Parse(arguments);
        Assert.True(result.Errors.Count == 0, $"nativeseg {arguments}: {string.Join("; ", result.Errors.Select(e => e.Message))}");
    }

    [Fact]
    public void AMisspeltOptionDoesNotParse()
    {
        Assert.Equal("predict --model m --inputs x", CommandOf("$ nativeseg predict --model m --inputs x [--probabilities]   # comment"));
        Assert.NotEmpty(CliApp.BuildRoot().Parse("predict --model m --inputs x --output y").Errors);
    }
}

/// <summary>Compiles a document's example as the body of a method, with the library's namespaces in scope.</summary>
public static class SnippetCompiler
{
    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(() =>
        ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll").Where(IsManaged))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Select(p => { try { return MetadataReference.CreateFromFile(p); } catch (BadImageFormatException) { return null; } })
            .OfType<MetadataReference>()
            .ToList());

    /// <summary>Native libraries sit beside the assemblies too (ONNX Runtime's Windows DLLs); only managed ones are references.</summary>
    private static bool IsManaged(string path)
    {
        using var reader = new System.Reflection.PortableExecutable.PEReader(File.OpenRead(path));
        return reader.HasMetadata;
    }

    private static readonly Lazy<string> Usings = new(() =>
        string.Concat(typeof(UserInputException).Assembly.GetTypes().Concat(typeof(NativeSeg.Equivariant.Irreps).Assembly.GetTypes())
            .Where(t => t.IsPublic && t.Namespace is not null).Select(t => t.Namespace!).Distinct().Order(StringComparer.Ordinal)
            .Select(n => $"using {n};\n"))
        + "using TorchSharp;\nusing static TorchSharp.torch;\n");

    public static IReadOnlyList<string> Errors(string code)
    {
        string source = Usings.Value + "public static class Example\n{\n    public static void Run()\n    {\n" + code + "\n    }\n}\n";
        var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Preview));
        var compilation = CSharpCompilation.Create("example", [tree], References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        return compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
    }
}
