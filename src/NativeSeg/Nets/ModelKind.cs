namespace NativeSeg.Nets;

/// <summary>The three models the paper compares; the names are the CLI's and model.json's.</summary>
public enum ModelKind
{
    /// <summary>Resolution-adaptive U-Net on native data ("ra-unet").</summary>
    RaUNet,
    /// <summary>Plain U-Net on native data ("unet").</summary>
    UNet,
    /// <summary>Plain U-Net on data resampled to 1 mm isotropic, predictions resampled back ("unet-1mm").</summary>
    UNet1mm,
}

public static class ModelKinds
{
    public static string Name(this ModelKind kind) => kind switch
    {
        ModelKind.RaUNet => "ra-unet",
        ModelKind.UNet => "unet",
        ModelKind.UNet1mm => "unet-1mm",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    public static ModelKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "ra-unet" => ModelKind.RaUNet,
        "unet" => ModelKind.UNet,
        "unet-1mm" => ModelKind.UNet1mm,
        _ => throw new FormatException($"model kind '{text}': expected ra-unet, unet or unet-1mm"),
    };

    /// <summary>True when the model sees data resampled to 1 mm isotropic rather than native data.</summary>
    public static bool ResamplesTo1mm(this ModelKind kind) => kind == ModelKind.UNet1mm;
}
