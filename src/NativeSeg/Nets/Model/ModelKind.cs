using NativeSeg.Imaging.Preprocessing;
using System.Text.Json.Serialization;
using NativeSeg.Imaging;

namespace NativeSeg.Nets.Model;

/// <summary>
/// The named models (the CLI's and the experiments' names): an <see cref="Architecture"/> on an
/// <see cref="InputGrid"/>. The paper compares the first three; ra-unet-1mm is the ablation that separates the
/// architecture from the grid.
/// </summary>
public enum ModelKind
{
    /// <summary>Resolution-adaptive U-Net on native data.</summary>
    [JsonStringEnumMemberName("ra-unet")] RaUNet,
    /// <summary>Plain U-Net on native data.</summary>
    [JsonStringEnumMemberName("unet")] UNet,
    /// <summary>Plain U-Net on data resampled to 1 mm isotropic, predictions resampled back.</summary>
    [JsonStringEnumMemberName("unet-1mm")] UNet1mm,
    /// <summary>Resolution-adaptive U-Net on data resampled to 1 mm isotropic (an ablation).</summary>
    [JsonStringEnumMemberName("ra-unet-1mm")] RaUNet1mm,
}

public static class ModelKinds
{
    public static string Name(this ModelKind kind) => EnumNames.Name(kind);

    public static ModelKind Parse(string text) => EnumNames.Parse<ModelKind>(text, "model kind");

    /// <summary>"ra-unet,unet,unet-1mm": each once, in the order given.</summary>
    public static IReadOnlyList<ModelKind> ParseList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(Parse).Distinct().ToList();

    public static Architecture Architecture(this ModelKind kind) =>
        kind is ModelKind.RaUNet or ModelKind.RaUNet1mm ? Nets.Model.Architecture.RaUNet : Nets.Model.Architecture.UNet;

    public static Preprocessing Preprocessing(this ModelKind kind) =>
        kind is ModelKind.UNet1mm or ModelKind.RaUNet1mm ? Imaging.Preprocessing.Preprocessing.Isotropic1mm : Imaging.Preprocessing.Preprocessing.Native;

    /// <summary>The named model an architecture on a grid is, or null when the pair has no name (another target spacing).</summary>
    public static ModelKind? Of(Architecture architecture, InputGrid grid) =>
        Enum.GetValues<ModelKind>().Where(k => k.Architecture() == architecture && k.Preprocessing().Grid == grid).Select(k => (ModelKind?)k).FirstOrDefault();
}
