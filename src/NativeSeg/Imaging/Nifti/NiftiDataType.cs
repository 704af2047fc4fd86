namespace NativeSeg.Imaging.Nifti;

/// <summary>The NIfTI datatype codes this toolkit reads and writes (nifti1.h values).</summary>
public enum NiftiDataType : short
{
    UInt8 = 2,
    Int16 = 4,
    Int32 = 8,
    Float32 = 16,
    Float64 = 64,
    Int8 = 256,
    UInt16 = 512,
    UInt32 = 768,
}

public static class NiftiDataTypes
{
    public static bool IsSupported(int code) => code is >= short.MinValue and <= short.MaxValue && Enum.IsDefined((NiftiDataType)(short)code);

    public static int BytesPerVoxel(this NiftiDataType t) => t switch
    {
        NiftiDataType.UInt8 or NiftiDataType.Int8 => 1,
        NiftiDataType.Int16 or NiftiDataType.UInt16 => 2,
        NiftiDataType.Int32 or NiftiDataType.UInt32 or NiftiDataType.Float32 => 4,
        NiftiDataType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(t)),
    };

    /// <summary>numpy-style name ("uint8", "float32", ...), as printed by `nativeseg info`.</summary>
    public static string Name(this NiftiDataType t) => t.ToString().ToLowerInvariant();

    /// <summary>Representable range for integer types (used to clamp when writing); infinite for floats.</summary>
    public static (double Min, double Max) Range(this NiftiDataType t) => t switch
    {
        NiftiDataType.UInt8 => (byte.MinValue, byte.MaxValue),
        NiftiDataType.Int8 => (sbyte.MinValue, sbyte.MaxValue),
        NiftiDataType.Int16 => (short.MinValue, short.MaxValue),
        NiftiDataType.UInt16 => (ushort.MinValue, ushort.MaxValue),
        NiftiDataType.Int32 => (int.MinValue, int.MaxValue),
        NiftiDataType.UInt32 => (uint.MinValue, uint.MaxValue),
        _ => (double.NegativeInfinity, double.PositiveInfinity),
    };

    public static bool IsInteger(this NiftiDataType t) => t is not (NiftiDataType.Float32 or NiftiDataType.Float64);

    public static NiftiDataType Parse(string name)
    {
        foreach (var t in Enum.GetValues<NiftiDataType>())
            if (t.Name() == name.Trim().ToLowerInvariant()) return t;
        throw new UserInputException($"datatype '{name}': expected one of {string.Join(", ", Enum.GetValues<NiftiDataType>().Select(v => v.Name()))}");
    }
}
