using Microsoft.ML.OnnxRuntime;
using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Export;
using NativeSeg.Nets.Model;
using static TorchSharp.torch;

namespace NativeSeg.Inference;

/// <summary>
/// Runs each window through ONNX Runtime: the net is exported (<see cref="OnnxExport"/>) once per grid and window
/// shape and ONNX Runtime's loaded graph kept, as the torch runtime keeps realized kernels; the last few are held. The CPU execution
/// provider, or CUDA for a cuda device where ONNX Runtime's GPU package and a GPU are present (refused in one line
/// otherwise).
/// </summary>
public sealed class OnnxWindows : IDisposable
{
    public const int MaxGraphs = 4;

    private readonly SegmentationNet _net;
    private readonly ModelConfig _config;
    private readonly string _device;
    private readonly List<((Spacing, Shape3) Key, InferenceSession Runner)> _loaded = [];

    public OnnxWindows(SegmentationNet net, ModelConfig config, string device)
    {
        _net = net;
        _config = config;
        _device = device.Trim().ToLowerInvariant();
        if (_device != "cpu" && !_device.StartsWith("cuda", StringComparison.Ordinal))
            throw new UserInputException($"--device {device} with --runtime onnx: expected cpu, cuda or cuda:N");
        using var probe = Options();   // a missing CUDA provider is refused now, not at the first window
    }

    /// <summary>Logits [1, K, X, Y, Z] of one [1, C, X, Y, Z] input at this spacing.</summary>
    public Tensor Forward(Tensor input, Spacing spacing)
    {
        var shape = new Shape3((int)input.shape[2], (int)input.shape[3], (int)input.shape[4]);
        var runner = Runner(spacing, shape);
        var values = input.to(float32).cpu().contiguous().data<float>().ToArray();
        using var ortInput = OrtValue.CreateTensorValueFromMemory(values, input.shape);
        using var runOptions = new RunOptions();
        using var outputs = runner.Run(runOptions, [OnnxExport.InputName], [ortInput], [OnnxExport.OutputName]);
        var logits = outputs[0];
        long[] outShape = logits.GetTensorTypeAndShape().Shape;
        return tensor(logits.GetTensorDataAsSpan<float>().ToArray(), outShape);
    }

    private InferenceSession Runner(Spacing spacing, Shape3 shape)
    {
        var key = (spacing, shape);
        foreach (var (k, r) in _loaded)
            if (k == key) return r;
        if (_loaded.Count >= MaxGraphs)
        {
            _loaded[0].Runner.Dispose();
            _loaded.RemoveAt(0);
        }
        var model = OnnxExport.Build(_net, _config, spacing, shape);
        using var options = Options();
        var runner = new InferenceSession(Google.Protobuf.MessageExtensions.ToByteArray(model), options);
        _loaded.Add((key, runner));
        return runner;
    }

    private SessionOptions Options()
    {
        // Without the arena and memory patterns ONNX Runtime frees intermediates as it goes: half the peak (9.7 -> 5.0 GiB
        // on a thick-slice stack) at no cost in time here.
        var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, EnableCpuMemArena = false, EnableMemoryPattern = false };
        if (!_device.StartsWith("cuda", StringComparison.Ordinal)) return options;
        int gpu = _device == "cuda" ? 0 : int.TryParse(_device["cuda:".Length..], out var n) ? n : throw new UserInputException($"--device {_device}: expected cuda:N");
        try { options.AppendExecutionProvider_CUDA(gpu); }
        catch (Exception e) when (e is OnnxRuntimeException or EntryPointNotFoundException or DllNotFoundException)
        {
            options.Dispose();
            throw new UserInputException($"--device {_device} with --runtime onnx: ONNX Runtime's CUDA provider cannot start here ({e.Message.Split('\n')[0].Trim()}); " +
                                         "it needs the Microsoft.ML.OnnxRuntime.Gpu.Linux package and an NVIDIA GPU with CUDA 12");
        }
        return options;
    }

    public void Dispose()
    {
        foreach (var (_, r) in _loaded) r.Dispose();
        _loaded.Clear();
    }
}
