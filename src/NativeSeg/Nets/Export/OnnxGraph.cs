using Google.Protobuf;
using Onnx;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Export;

/// <summary>
/// An ONNX graph as it is written: constants (initializers) from tensors, nodes with their attributes, and a unique
/// name for every value. Shapes are static: the exporters know every intermediate shape and pass it along.
/// </summary>
public sealed class OnnxGraph
{
    public GraphProto Proto { get; } = new() { Name = "nativeseg" };
    private int _next;

    /// <summary>A fresh value name.</summary>
    public string Fresh(string hint) => $"{hint}_{_next++}";

    /// <summary>A float32 constant with the tensor's shape and values.</summary>
    public string Constant(string hint, Tensor t)
    {
        using var cpu = t.detach().to(ScalarType.Float32).cpu().contiguous();
        return Floats(hint, cpu.data<float>().ToArray(), cpu.shape);
    }

    /// <summary>A float32 constant of the given values and shape.</summary>
    public string Floats(string hint, float[] values, params long[] shape)
    {
        var proto = new TensorProto
        {
            Name = Fresh(hint),
            DataType = (int)TensorProto.Types.DataType.Float,
            RawData = ByteString.CopyFrom(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan())),
        };
        proto.Dims.AddRange(shape);
        Proto.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>A 1-D int64 constant (shapes, axes, indices, pads).</summary>
    public string Int64s(string hint, params long[] values)
    {
        var proto = new TensorProto { Name = Fresh(hint), DataType = (int)TensorProto.Types.DataType.Int64 };
        proto.Dims.Add(values.Length);
        proto.Int64Data.AddRange(values);
        Proto.Initializer.Add(proto);
        return proto.Name;
    }

    /// <summary>An int64 shape: <paramref name="leading"/> then the spatial dims of <paramref name="value"/> (from dim 2 on), known only when the graph runs.</summary>
    public string ShapeWith(long[] leading, string value) =>
        Node("Concat", [Int64s("leading", leading), Node("Shape", [value], Int("start", 2))], Int("axis", 0));

    /// <summary>A node with one output; returns the output's name.</summary>
    public string Node(string op, IEnumerable<string> inputs, params AttributeProto[] attributes) => Node(op, inputs, 1, attributes)[0];

    /// <summary>A node with <paramref name="outputs"/> outputs.</summary>
    public string[] Node(string op, IEnumerable<string> inputs, int outputs, params AttributeProto[] attributes)
    {
        var node = new NodeProto { OpType = op, Name = Fresh(op) };
        node.Input.AddRange(inputs);
        var names = Enumerable.Range(0, outputs).Select(_ => Fresh(op.ToLowerInvariant())).ToArray();
        node.Output.AddRange(names);
        node.Attribute.AddRange(attributes);
        Proto.Node.Add(node);
        return names;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto Text(string name, string value) => new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    /// <summary>A float32 graph input or output; a dimension of -1 is named (x, y, z by position), fixed only when the graph runs.</summary>
    public static ValueInfoProto Float32Value(string name, long[] shape)
    {
        var tensor = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = new TensorShapeProto() };
        for (int i = 0; i < shape.Length; i++)
            tensor.Shape.Dim.Add(shape[i] >= 0 ? new TensorShapeProto.Types.Dimension { DimValue = shape[i] }
                : new TensorShapeProto.Types.Dimension { DimParam = "xyz"[(i - 2) % 3].ToString() });
        return new ValueInfoProto { Name = name, Type = new TypeProto { TensorType = tensor } };
    }
}
