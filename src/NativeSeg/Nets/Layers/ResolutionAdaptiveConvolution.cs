using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Execution;
using NativeSeg.Nets.Kernels;
using NativeSeg.Equivariant;
using NativeSeg.Imaging;
using TorchSharp.Modules;
using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Nets.Layers;

/// <summary>
/// Equivariant convolution whose kernel is defined in millimetres (docs/design/e3nn.md "Resolution-adaptive convolution"):
/// kernel(t) = sum over paths of radial functions of |t| times spherical harmonics of t, evaluated on the voxel
/// lattice of the input's spacing. output = Linear_sc(x) + conv3d(x, Realize(spacing), padding n), run as one conv3d
/// whose kernel carries Linear_sc on its centre tap (<see cref="WithSelfConnection"/>).
/// Parameters: "weight" [radialBasis, WeightNumel] (init standard normal; the only kernel parameter, its shape
/// does not depend on the spacing) and the self-connection "sc". No bias.
/// Caches: per spacing the <see cref="LatticeBasis"/> (weight-independent); in eval mode without gradient
/// tracking also the realized kernel, until the weight values change (compared against a snapshot on every
/// call, so optimizer steps, load_state_dict and in-place edits all invalidate it).
/// </summary>
public sealed class ResolutionAdaptiveConvolution : nn.Module<Tensor, Spacing, Tensor>
{
    /// <summary>Realized kernels kept in eval mode; beyond this the oldest spacing is dropped (kernels can be tens of MB).</summary>
    public const int MaxCachedKernels = 4;

    public Irreps IrrepsIn { get; }
    public Irreps IrrepsOut { get; }
    public Irreps IrrepsFilter { get; }
    public double DiameterMm { get; }
    public int RadialBasisCount { get; }
    public bool Cutoff { get; }
    public KernelBufferPrecision Buffers { get; }
    public int WeightNumel => _tp.WeightNumel;
    public FullyConnectedTensorProduct TensorProduct => _tp;

    /// <summary>Kernels currently held by the eval-mode cache.</summary>
    public int CachedKernels => _kernels.Count;

    /// <summary>How many kernels were actually computed (not served from the eval cache); for tests and benchmarks.</summary>
    public long Realizations { get; private set; }

    private readonly FullyConnectedTensorProduct _tp;
    private readonly RightCoupling _coupling;
    private readonly Parameter weight;
    private readonly EquivariantLinear sc;
    private readonly Dictionary<(Spacing, KernelFrame, ScalarType, string), LatticeBasis> _bases = new();
    private readonly Queue<(Spacing, KernelFrame, ScalarType, string)> _basisOrder = new();

    /// <summary>
    /// Bases kept per layer, the oldest dropped first: training on randomly re-acquired grids meets a new spacing at
    /// nearly every step, and an unbounded cache would grow with the steps.
    /// </summary>
    public const int MaxCachedBases = 16;
    private readonly KernelCache _kernels = new(MaxCachedKernels);

    public Parameter Weight => weight;

    /// <summary>The frame the lattice offsets are realized in (voxel axes by default; <see cref="KernelGeometry.World"/>
    /// sets the input's direction cosines). Kernels and bases are cached per frame.</summary>
    public KernelFrame Frame { get; set; } = KernelFrame.Voxel;

    /// <summary>Whether conv3d runs over the whole lattice, only the box of points that carry weight, a few pieces holding
    /// just those points, or the faster of the first two as measured for this layer on this machine (same numbers in every case).</summary>
    public ConvolutionAlgorithm Algorithm { get; set; } = ConvolutionAlgorithm.Auto;

    /// <summary>The algorithm the last forward ran (what <see cref="ConvolutionAlgorithm.Auto"/> chose), null before one.</summary>
    public ConvolutionAlgorithm? LastAlgorithm { get; private set; }

    /// <summary>The float32 conv3d path the last forward took (<see cref="ConvolutionPaths"/>), null before one.</summary>
    public Conv3dPath? LastPath { get; private set; }

    /// <summary>Where <see cref="ConvolutionAlgorithm.Auto"/> and the conv3d paths keep their measured choices.</summary>
    public ConvolutionCalibration Calibration { get; set; } = ConvolutionCalibration.Shared;

    /// <summary>
    /// When set, every forward records ||conv3d(x, kernel)|| / ||Linear_sc(x)||: how much the spatial kernel adds to
    /// the self-connection (training diagnostics; e3nn divides the kernel by its lattice size, so it starts small).
    /// </summary>
    public bool MeasureNeighbourToSelf { get; set; }

    /// <summary>The ratio of the last forward with <see cref="MeasureNeighbourToSelf"/> set (NaN before one).</summary>
    public double NeighbourToSelf { get; private set; } = double.NaN;
    public EquivariantLinear SelfConnection => sc;

    /// <param name="lmax">Largest degree of the filter's spherical harmonics (2 in the paper).</param>
    /// <param name="oddFilters">O(3) mode: filters 1x0e+1x1o+1x2e...; default SO(3) (all even, as the U-Net).</param>
    public ResolutionAdaptiveConvolution(Irreps irrepsIn, Irreps irrepsOut, double diameterMm, int radialBasisCount = 5, bool cutoff = true,
                                         int lmax = 2, bool oddFilters = false, Generator? generator = null, ScalarType dtype = ScalarType.Float32,
                                         KernelBufferPrecision buffers = KernelBufferPrecision.Float64)
        : base(nameof(ResolutionAdaptiveConvolution))
    {
        if (!(diameterMm > 0)) throw new UserInputException($"kernel diameter {diameterMm} mm: must be positive");
        if (radialBasisCount < 1) throw new UserInputException($"radial basis count {radialBasisCount}: must be at least 1");
        if (lmax < 0) throw new UserInputException($"filter lmax {lmax}: must be >= 0");
        IrrepsIn = irrepsIn;
        IrrepsOut = irrepsOut;
        IrrepsFilter = Irreps.SphericalHarmonics(lmax, p: oddFilters ? -1 : 1);
        DiameterMm = diameterMm;
        RadialBasisCount = radialBasisCount;
        Cutoff = cutoff;
        Buffers = buffers;
        _tp = new FullyConnectedTensorProduct(irrepsIn, IrrepsFilter, irrepsOut);
        _coupling = _tp.RightCoupling(radialBasisCount, float32Wigner3j: buffers == KernelBufferPrecision.PublishedFloat32);
        weight = new Parameter(randn(new long[] { radialBasisCount, _tp.WeightNumel }, dtype: dtype, generator: generator));
        register_parameter(nameof(weight), weight);
        sc = new EquivariantLinear(irrepsIn, irrepsOut, generator, dtype);
        register_module(nameof(sc), sc);
    }

    public double RadiusMm => DiameterMm / 2;

    /// <summary>Lattice half widths n = floor(r / s) per axis at this spacing (the conv3d padding).</summary>
    public Shape3 HalfWidth(Spacing spacing) => KernelPlan.HalfWidths(RadiusMm, spacing);

    /// <summary>The kernel [dimOut, dimIn, 2n_x+1, 2n_y+1, 2n_z+1] at this spacing (cross-correlation layout of conv3d).</summary>
    public Tensor Realize(Spacing spacing)
    {
        bool cacheable = !training && !(is_grad_enabled() && weight.requires_grad);
        if (!cacheable) return Compute(spacing);
        if (_kernels.Get(spacing, Frame, weight) is { } cached) return cached;
        var kernel = Compute(spacing);
        _kernels.Add(spacing, Frame, kernel);
        return kernel;
    }

    /// <summary>x [B, dimIn, X, Y, Z] at the given voxel spacing -> [B, dimOut, X, Y, Z].</summary>
    public override Tensor forward(Tensor x, Spacing spacing)
    {
        if (x.dim() != 5 || x.shape[1] != IrrepsIn.Dim)
            throw new ArgumentException($"convolution {IrrepsIn} -> {IrrepsOut}: expected [B, {IrrepsIn.Dim}, X, Y, Z], got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        var basis = BasisFor(spacing);
        var algorithm = Algorithm == ConvolutionAlgorithm.Auto
            ? LatticeConvolution.Calibrated(Calibration, x, basis, $"{IrrepsIn.Dim}->{IrrepsOut.Dim}",
                                            is_grad_enabled() && (x.requires_grad || weight.requires_grad), () => Realize(spacing))
            : Algorithm;
        LastAlgorithm = algorithm;
        // The self-connection is the kernel's centre tap: folded in, it costs no pass of its own over the input and the
        // output (forward and backward). Kept apart where its own output is wanted (diagnostics), where the kernel runs as
        // pieces, and in bf16, whose convolutions would round the self-connection's weights too.
        bool fold = !MeasureNeighbourToSelf && algorithm != ConvolutionAlgorithm.Pieces && ConvolutionPrecision.Current == ScalarType.Float32;
        var kernel = fold ? WithSelfConnection(Realize(spacing)) : Realize(spacing);
        (var conv, LastPath) = LatticeConvolution.Convolve(x, basis, algorithm, kernel, Calibration);
        if (fold) return conv.MoveToOuterDisposeScope();
        var self = sc.forward(x);
        if (MeasureNeighbourToSelf)
            using (no_grad()) NeighbourToSelf = conv.norm().item<float>() / (double)self.norm().item<float>();
        return (self.Plus(conv)).MoveToOuterDisposeScope();
    }

    /// <summary>The kernel conv3d runs at this spacing: the realized lattice, or with <see cref="ConvolutionAlgorithm.Support"/> its weighted part.</summary>
    public Tensor ConvolutionKernel(Spacing spacing, ConvolutionAlgorithm algorithm)
    {
        if (algorithm is ConvolutionAlgorithm.Auto or ConvolutionAlgorithm.Pieces)
            throw new ArgumentException($"{EnumNames.Name(algorithm)}: not one kernel (auto depends on the input, pieces are several)");
        var kernel = Realize(spacing);
        return algorithm == ConvolutionAlgorithm.Support ? LatticeConvolution.ToSupport(kernel, BasisFor(spacing)) : kernel;
    }

    /// <summary>
    /// The kernel plus the self-connection on its centre tap: conv3d with it gives Linear_sc(x) + conv3d(x, kernel)
    /// (differentiable in both; <paramref name="kernel"/> is a realized lattice [dimOut, dimIn, 2n+1, ...]).
    /// </summary>
    public Tensor WithSelfConnection(Tensor kernel)
    {
        using var scope = NewDisposeScope();
        long[] half = kernel.shape[2..].Select(k => (k - 1) / 2).ToArray();
        var tap = sc.Matrix().t().reshape(IrrepsOut.Dim, IrrepsIn.Dim, 1, 1, 1);
        var centre = nn.functional.pad(tap, [half[2], half[2], half[1], half[1], half[0], half[0]]);
        return kernel.Plus(centre).MoveToOuterDisposeScope();
    }

    private Tensor Compute(Spacing spacing)
    {
        using var scope = NewDisposeScope();
        var basis = BasisFor(spacing);
        var shape = basis.Shape;
        var kernel = _coupling.Matrix(weight).matmul(basis.Basis)
            .view(IrrepsOut.Dim, IrrepsIn.Dim, shape.X, shape.Y, shape.Z);
        Realizations++;
        return kernel.MoveToOuterDisposeScope();
    }

    /// <summary>The cached weight-independent basis for this spacing and the current <see cref="Frame"/> (in the weight's dtype and device).</summary>
    public LatticeBasis BasisFor(Spacing spacing)
    {
        var key = (spacing, Frame, weight.dtype, weight.device.ToString());
        if (_bases.TryGetValue(key, out var basis)) return basis;
        if (_bases.Count >= MaxCachedBases && _basisOrder.TryDequeue(out var oldest) && _bases.Remove(oldest, out var dropped))
            dropped.Dispose();
        _bases[key] = basis = new LatticeBasis(spacing, Frame, RadiusMm, RadialBasisCount, Cutoff, IrrepsFilter, weight.dtype, weight.device, Buffers);
        _basisOrder.Enqueue(key);
        return basis;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _kernels.Dispose();
            foreach (var b in _bases.Values) b.Dispose();
            _bases.Clear();
            _basisOrder.Clear();
        }
        base.Dispose(disposing);
    }

    public override string ToString() =>
        $"ResolutionAdaptiveConvolution({IrrepsIn} -> {IrrepsOut} | {DiameterMm} mm | {RadialBasisCount} radial x {WeightNumel} weights)";
}
