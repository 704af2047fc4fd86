using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;

namespace NativeSeg.Tests.Source;

/// <summary>
/// Finds where the product's code hands libtorch a TorchSharp Scalar that nothing keeps alive. TorchSharp passes a
/// Scalar's native handle and keeps no reference during the call, so a temporary Scalar can be finalized, and its
/// native memory freed, while libtorch reads it (docs: KeptScalars). Temporaries arise from:
/// <list type="bullet">
/// <item>an implicit conversion of a C# number to Scalar at a call (x * 0.5, x.clamp(0, 1));</item>
/// <item>a TorchSharp member that creates one inside (a + b calls a.add(b, 1); x * 0.5 converts inside the operator;
/// Adam.step converts its rates), read off TorchSharp's IL by <see cref="ScalarCreatingMembers"/>.</item>
/// </list>
/// A TorchSharp Generator has the same finalizer and the same lifetime (libtorch writes its state while drawing), so a
/// Generator outside a using declaration is reported too.
/// Compiles src/ with Roslyn against the assemblies the tests run with and reports every such place.
/// </summary>
public static class TemporaryScalars
{
    public sealed record Finding(string File, int Line, string Code, string Why)
    {
        public override string ToString() => $"{File}:{Line}: {Why}: {Code}";
    }

    public static IReadOnlyList<Finding> In(string sourceRoot)
    {
        var creating = ScalarCreatingMembers.In(Path.Combine(AppContext.BaseDirectory, "TorchSharp.dll"));
        var files = Directory.EnumerateFiles(sourceRoot, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"))
            .ToList();
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Preview), path: f)).ToList();
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
            .Where(p => !Path.GetFileName(p).StartsWith("NativeSeg", StringComparison.Ordinal) && !Path.GetFileName(p).Equals("nativeseg.dll", StringComparison.OrdinalIgnoreCase))
            .GroupBy(Path.GetFileName).Select(g => g.First())
            .Select(p => { try { return MetadataReference.CreateFromFile(p); } catch (BadImageFormatException) { return null; } })
            .OfType<MetadataReference>()
            .ToList();
        var compilation = CSharpCompilation.Create("scan", trees, references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true));
        var findings = new List<Finding>();
        foreach (var tree in trees)
        {
            var model = compilation.GetSemanticModel(tree);
            // Implicit conversions have no syntax of their own: walk each operation tree from its root.
            var seen = new HashSet<IOperation>();
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                if (model.GetOperation(node) is not { } root || root.Parent is not null || !seen.Add(root)) continue;
                foreach (var operation in root.DescendantsAndSelf())
                    if (Why(operation, creating) is { } why)
                    {
                        var line = operation.Syntax.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                        findings.Add(new Finding(Path.GetRelativePath(sourceRoot, tree.FilePath), line, operation.Syntax.ToString(), why));
                    }
            }
        }
        return findings.Distinct().ToList();
    }

    private static string? Why(IOperation operation, IReadOnlySet<string> creating)
    {
        IMethodSymbol? target = operation switch
        {
            IInvocationOperation i => i.TargetMethod,
            IBinaryOperation b => b.OperatorMethod,
            ICompoundAssignmentOperation c => c.OperatorMethod,
            IUnaryOperation u => u.OperatorMethod,
            IObjectCreationOperation o => o.Constructor,
            _ => null,
        };
        if (operation is IConversionOperation { Conversion.IsUserDefined: true } c2 && IsScalar(c2.Type) && !IsScalar(c2.Operand.Type))
            return $"a {c2.Operand.Type?.Name} becomes a temporary Scalar";
        if (operation is IInvocationOperation { TargetMethod.Name: "ToScalar" } call && !IsKept(call))
            return "ToScalar() outside a using declaration or KeptScalars";
        // The same holds for a Generator: its finalizer frees the native generator, and randn writes its state.
        if (operation is IObjectCreationOperation { Type.Name: "Generator" } created && IsTorch(created.Type?.ContainingType) && !IsKept(created))
            return "a Generator outside a using declaration (its finalizer may free it while libtorch draws from it)";
        if (target is { Name: "step" } s && IsTorch(s.ContainingType) && s.ContainingType.Name is "Optimizer" or "OptimizerHelper" or "Adam" or "SGD" or "AdamW")
            return "TorchSharp's optimizers convert their rates to temporary Scalars in step(); use NativeSeg.Training.Optimization.Adam";
        if (target is { } m && IsTorch(m.ContainingType) && creating.Contains(KeyOf(m)))
            return $"TorchSharp's {KeyOf(m)} makes a temporary Scalar inside";
        return null;
    }

    private static string KeyOf(IMethodSymbol m) =>
        ScalarCreatingMembers.Key(m.ContainingType.MetadataName, m.MetadataName, m.Parameters.Select(p => TypeName(p.Type)));

    private static string TypeName(ITypeSymbol type) => type switch
    {
        IArrayTypeSymbol a => TypeName(a.ElementType) + "[" + new string(',', a.Rank - 1) + "]",
        ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } t => "!!" + t.Ordinal,
        ITypeParameterSymbol t => "!" + t.Ordinal,
        IPointerTypeSymbol p => TypeName(p.PointedAtType) + "*",
        INamedTypeSymbol n => n.MetadataName,
        _ => type.MetadataName,
    };

    private static bool IsScalar(ITypeSymbol? type) => type?.Name == "Scalar" && type.ContainingNamespace?.ToDisplayString() == "TorchSharp";

    private static bool IsTorch(INamedTypeSymbol? type) => type?.ContainingNamespace?.ToDisplayString().StartsWith("TorchSharp", StringComparison.Ordinal) == true;

    /// <summary>A ToScalar() or new Generator(...) whose result a using declaration or the KeptScalars cache holds.</summary>
    private static bool IsKept(IOperation call)
    {
        for (var parent = call.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is IUsingDeclarationOperation or IUsingOperation) return true;
            if (parent is IArgumentOperation or IReturnOperation or IExpressionStatementOperation or IBlockOperation) break;
        }
        var type = call.SemanticModel?.GetEnclosingSymbol(call.Syntax.SpanStart)?.ContainingType;
        return type?.Name == "KeptScalars";
    }
}
