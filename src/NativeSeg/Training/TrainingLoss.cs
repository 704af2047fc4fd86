using NativeSeg.Equivariant;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>What the optimizer minimizes: the paper's soft Dice, or nnU-Net's sum of cross-entropy and soft Dice.</summary>
public enum LossKind
{
    /// <summary>Soft Dice of the foreground (the paper's loss; "dice").</summary>
    Dice,
    /// <summary>Binary (1 class) or categorical (2 classes) cross-entropy plus soft Dice, weight 1 each ("ce-dice").</summary>
    CrossEntropyDice,
}

public static class TrainingLoss
{
    public static string Name(this LossKind kind) => kind == LossKind.Dice ? "dice" : "ce-dice";

    public static LossKind Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "dice" => LossKind.Dice,
        "ce-dice" or "dice-ce" => LossKind.CrossEntropyDice,
        _ => throw new FormatException($"loss '{text}': expected dice or ce-dice"),
    };

    /// <summary>The loss of logits [B, K, X, Y, Z] against a 0/1 target [B, 1, X, Y, Z].</summary>
    public static Tensor Compute(LossKind kind, Tensor logits, Tensor target)
    {
        var dice = SoftDiceLoss.Compute(logits, target);
        if (kind == LossKind.Dice) return dice;
        var ce = logits.shape[1] == 1
            ? nn.functional.binary_cross_entropy_with_logits(logits, target)
            : nn.functional.cross_entropy(logits, target.squeeze(1).to_type(ScalarType.Int64));
        return ce + dice;
    }
}
