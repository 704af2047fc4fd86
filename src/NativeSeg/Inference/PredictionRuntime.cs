namespace NativeSeg.Inference;

/// <summary>What runs the net on each window: TorchSharp (libtorch), or ONNX Runtime on the net exported for the window's grid and shape.</summary>
public enum PredictionRuntime { Torch, Onnx }
