using System.Text.Json.Serialization;
using NativeSeg.Imaging;
using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Training;

/// <summary>What the optimizer minimizes: the paper's soft Dice, or nnU-Net's sum of cross-entropy and soft Dice.</summary>
public enum LossKind
{
    /// <summary>Soft Dice of the foreground (the paper's loss).</summary>
    [JsonStringEnumMemberName("dice")] Dice,
    /// <summary>Binary (1 class) or categorical (2 classes) cross-entropy plus soft Dice, weight 1 each.</summary>
    [JsonStringEnumMemberName("ce-dice")] CrossEntropyDice,
}

public static class TrainingLoss
{
    public static string Name(this LossKind kind) => EnumNames.Name(kind);

    public static LossKind Parse(string text) => EnumNames.Parse(text, "loss", ("dice-ce", LossKind.CrossEntropyDice));

    /// <summary>The loss of logits [B, K, X, Y, Z] against a 0/1 target [B, 1, X, Y, Z].</summary>
    public static Tensor Compute(LossKind kind, Tensor logits, Tensor target)
    {
        var dice = SoftDiceLoss.Compute(logits, target);
        if (kind == LossKind.Dice) return dice;
        var ce = logits.shape[1] == 1
            ? nn.functional.binary_cross_entropy_with_logits(logits, target)
            : nn.functional.cross_entropy(logits, target.squeeze(1).to_type(ScalarType.Int64));
        return ce.Plus(dice);
    }
}
