using System.Text.Json.Serialization;
using NativeSeg.Imaging;

namespace NativeSeg.Nets.Model;

/// <summary>Which network: the resolution-adaptive U-Net or the plain one (the grid it sees is separate).</summary>
public enum Architecture
{
    [JsonStringEnumMemberName("ra-unet")] RaUNet,
    [JsonStringEnumMemberName("unet")] UNet,
}

public static class Architectures
{
    public static string Name(this Architecture a) => EnumNames.Name(a);

    public static Architecture Parse(string text) => EnumNames.Parse<Architecture>(text, "architecture");
}
