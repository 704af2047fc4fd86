using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NativeSeg.Tests.Source;

/// <summary>
/// The members of TorchSharp.dll that make a Scalar and pass it on without keeping it: read off the assembly's IL,
/// so the list follows the TorchSharp the build uses. A method is on it when its body converts a number to a Scalar
/// (Scalar.op_Implicit, ToScalar) and never disposes a Scalar, or when it calls a member on the list (a + b calls
/// add(b), which calls add(b, 1)). Members are named "Type.Name(parameter types)", as <see cref="Key"/> makes them.
/// </summary>
public static class ScalarCreatingMembers
{
    private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!).GroupBy(o => o.Value).ToDictionary(g => g.Key, g => g.First().OperandType);

    public static string Key(string type, string name, IEnumerable<string> parameters) => $"{type}.{name}({string.Join(",", parameters)})";

    public static IReadOnlySet<string> In(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var calls = new Dictionary<string, HashSet<string>>();
        var direct = new HashSet<string>();
        foreach (var handle in md.MethodDefinitions)
        {
            var method = md.GetMethodDefinition(handle);
            string key = KeyOf(md, handle);
            var callees = calls.TryGetValue(key, out var set) ? set : calls[key] = [];
            if (method.RelativeVirtualAddress == 0) continue;
            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            bool makes = false, disposes = false;
            foreach (var target in CallTargets(body.GetILBytes()!, md))
            {
                if (target is null) continue;
                if (target.StartsWith("Scalar.op_Implicit(", StringComparison.Ordinal) || target.Contains(".ToScalar(", StringComparison.Ordinal)) makes = true;
                else if (target == "Scalar.Dispose()") disposes = true;
                callees.Add(target);
            }
            if (makes && !disposes) direct.Add(key);
        }
        // Whatever calls an unsafe member is unsafe: iterate to the fixed point.
        var unsafeMembers = new HashSet<string>(direct);
        for (bool grew = true; grew;)
        {
            grew = false;
            foreach (var (caller, callees) in calls)
                if (!unsafeMembers.Contains(caller) && callees.Overlaps(unsafeMembers) && !KeepsItsScalars(caller))
                    grew |= unsafeMembers.Add(caller);
        }
        return unsafeMembers;
    }

    /// <summary>Conversions themselves are judged at the call site (an implicit conversion the caller makes).</summary>
    private static bool KeepsItsScalars(string member) => member.StartsWith("Scalar.", StringComparison.Ordinal);

    private static IEnumerable<string?> CallTargets(byte[] il, MetadataReader md)
    {
        for (int i = 0; i < il.Length;)
        {
            short code = il[i] == 0xFE ? (short)(0xFE00 | il[i + 1]) : il[i];
            i += il[i] == 0xFE ? 2 : 1;
            var operand = Operands.TryGetValue(code, out var t) ? t : OperandType.InlineNone;
            if (operand == OperandType.InlineMethod)
                yield return TargetOf(md, MetadataTokens.EntityHandle(BitConverter.ToInt32(il, i)));
            i += operand switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + 4 * BitConverter.ToInt32(il, i),
                _ => 4,
            };
        }
    }

    private static string? TargetOf(MetadataReader md, EntityHandle handle)
    {
        switch (handle.Kind)
        {
            case HandleKind.MethodDefinition:
                return KeyOf(md, (MethodDefinitionHandle)handle);
            case HandleKind.MemberReference:
                var reference = md.GetMemberReference((MemberReferenceHandle)handle);
                string type = reference.Parent.Kind switch
                {
                    HandleKind.TypeReference => md.GetString(md.GetTypeReference((TypeReferenceHandle)reference.Parent).Name),
                    HandleKind.TypeDefinition => md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)reference.Parent).Name),
                    HandleKind.TypeSpecification => "generic",
                    _ => "?",
                };
                return Key(type, md.GetString(reference.Name), reference.DecodeMethodSignature(TypeNames.Instance, null).ParameterTypes);
            case HandleKind.MethodSpecification:
                return TargetOf(md, md.GetMethodSpecification((MethodSpecificationHandle)handle).Method);
            default:
                return null;
        }
    }

    private static string KeyOf(MetadataReader md, MethodDefinitionHandle handle)
    {
        var method = md.GetMethodDefinition(handle);
        var type = md.GetTypeDefinition(method.GetDeclaringType());
        return Key(md.GetString(type.Name), md.GetString(method.Name), method.DecodeSignature(TypeNames.Instance, null).ParameterTypes);
    }

    /// <summary>
    /// A parameter type as Roslyn's symbols name it (<see cref="TemporaryScalars"/> matches on it): the metadata name
    /// without namespace, arrays with [], by-reference types as their element, type parameters as !n and !!n.
    /// </summary>
    private sealed class TypeNames : ISignatureTypeProvider<string, object?>
    {
        public static readonly TypeNames Instance = new();
        public string GetPrimitiveType(PrimitiveTypeCode typeCode) => typeCode switch
        {
            PrimitiveTypeCode.Boolean => "Boolean", PrimitiveTypeCode.Byte => "Byte", PrimitiveTypeCode.SByte => "SByte",
            PrimitiveTypeCode.Char => "Char", PrimitiveTypeCode.Int16 => "Int16", PrimitiveTypeCode.UInt16 => "UInt16",
            PrimitiveTypeCode.Int32 => "Int32", PrimitiveTypeCode.UInt32 => "UInt32", PrimitiveTypeCode.Int64 => "Int64",
            PrimitiveTypeCode.UInt64 => "UInt64", PrimitiveTypeCode.Single => "Single", PrimitiveTypeCode.Double => "Double",
            PrimitiveTypeCode.IntPtr => "IntPtr", PrimitiveTypeCode.UIntPtr => "UIntPtr", PrimitiveTypeCode.Object => "Object",
            PrimitiveTypeCode.String => "String", PrimitiveTypeCode.Void => "Void", _ => typeCode.ToString(),
        };
        public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeDefinition(handle).Name);
        public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => reader.GetString(reader.GetTypeReference(handle).Name);
        public string GetTypeFromSpecification(MetadataReader reader, object? context, TypeSpecificationHandle handle, byte rawTypeKind) => "?";
        public string GetSZArrayType(string elementType) => elementType + "[]";
        public string GetArrayType(string elementType, ArrayShape shape) => elementType + "[" + new string(',', shape.Rank - 1) + "]";
        public string GetByReferenceType(string elementType) => elementType;
        public string GetPointerType(string elementType) => elementType + "*";
        public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) => genericType;
        public string GetGenericTypeParameter(object? context, int index) => "!" + index;
        public string GetGenericMethodParameter(object? context, int index) => "!!" + index;
        public string GetFunctionPointerType(MethodSignature<string> signature) => "fnptr";
        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;
        public string GetPinnedType(string elementType) => elementType;
    }
}
