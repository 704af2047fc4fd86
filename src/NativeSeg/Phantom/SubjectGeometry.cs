using NativeSeg.Imaging.Geometry;
namespace NativeSeg.Phantom;

/// <summary>
/// A subject is a deformed template (docs/design/phantom.md §3.1). Pull-back map from subject world mm x to template mm:
/// y(x) = F⁻¹(x − c − t) + c + u(x), F = Rz(γ)Ry(β)Rx(α)·diag(g·s₁, g·s₂, g·s₃), u a cubic B-spline
/// (15³ control points, 20 mm apart, centred at c + t) with N(0, σᵤ²) coefficients.
/// </summary>
public sealed class SubjectGeometry
{
    private const int ControlPoints = 15;
    private const double ControlSpacing = 20;
    private readonly Mat3 _inverse;
    private readonly float[] _coefficients; // [point][3]
    private readonly Vec3 _gridOrigin;

    public SubjectGeometry(Vec3 templateCentre, PhantomRandom rng)
    {
        Centre = templateCentre;
        double deg = Math.PI / 180;
        Pitch = rng.Uniform(-12, 12) * deg;
        Roll = rng.Uniform(-6, 6) * deg;
        Yaw = rng.Uniform(-6, 6) * deg;
        GlobalScale = rng.Uniform(0.92, 1.08);
        AxisScales = new Vec3(rng.Uniform(0.96, 1.04), rng.Uniform(0.96, 1.04), rng.Uniform(0.96, 1.04));
        Translation = new Vec3(rng.Uniform(-5, 5), rng.Uniform(-5, 5), rng.Uniform(-5, 5));
        ElasticSigma = rng.Uniform(0.5, 2.5);
        Linear = Mat3.RotationZ(Yaw) * Mat3.RotationY(Roll) * Mat3.RotationX(Pitch)
                 * Mat3.Diagonal(GlobalScale * AxisScales.X, GlobalScale * AxisScales.Y, GlobalScale * AxisScales.Z);
        _inverse = Linear.Inverse();
        _coefficients = new float[ControlPoints * ControlPoints * ControlPoints * 3];
        for (int n = 0; n < _coefficients.Length; n++) _coefficients[n] = (float)(ElasticSigma * rng.Normal());
        _gridOrigin = Centre + Translation - new Vec3(1, 1, 1) * (ControlSpacing * (ControlPoints - 1) / 2.0);
    }

    /// <summary>Identity geometry (no rotation, scaling, translation or elastic part): for analytic tests.</summary>
    public SubjectGeometry(Vec3 templateCentre)
    {
        Centre = templateCentre;
        GlobalScale = 1;
        AxisScales = new Vec3(1, 1, 1);
        Linear = Mat3.Identity;
        _inverse = Mat3.Identity;
        _coefficients = new float[ControlPoints * ControlPoints * ControlPoints * 3];
        _gridOrigin = Centre - new Vec3(1, 1, 1) * (ControlSpacing * (ControlPoints - 1) / 2.0);
    }

    public Vec3 Centre { get; }
    public double Pitch { get; }
    public double Roll { get; }
    public double Yaw { get; }
    public double GlobalScale { get; }
    public Vec3 AxisScales { get; }
    public Vec3 Translation { get; }
    public double ElasticSigma { get; }
    public Mat3 Linear { get; }

    /// <summary>Subject-space centre of the head: where the template centre c lands.</summary>
    public Vec3 SubjectCentre => Centre + Translation;

    /// <summary>Subject world mm → template mm.</summary>
    public Vec3 Pull(Vec3 x) => _inverse * (x - Centre - Translation) + Centre + Elastic(x);

    /// <summary>Template mm → subject world mm, by fixed-point iteration of x = F(y − u(x) − c) + c + t (u is small and smooth).</summary>
    public Vec3 Push(Vec3 y)
    {
        var x = Linear * (y - Centre) + Centre + Translation;
        for (int iteration = 0; iteration < 8; iteration++)
            x = Linear * (y - Elastic(x) - Centre) + Centre + Translation;
        return x;
    }

    /// <summary>Largest stretch of the linear part (bounds how far template distances grow in subject space).</summary>
    public double MaxScale => GlobalScale * Math.Max(AxisScales.X, Math.Max(AxisScales.Y, AxisScales.Z));

    /// <summary>The elastic displacement u(x) (mm): uniform cubic B-spline over the control lattice, zero outside it.</summary>
    public Vec3 Elastic(Vec3 x)
    {
        if (ElasticSigma == 0) return default;
        var q = (x - _gridOrigin) / ControlSpacing;
        Span<int> i0 = stackalloc int[3];
        Span<double> w = stackalloc double[12];
        for (int a = 0; a < 3; a++)
        {
            double v = q[a];
            int f = (int)Math.Floor(v);
            double t = v - f;
            i0[a] = f - 1;
            double t2 = t * t, t3 = t2 * t;
            w[a * 4 + 0] = (1 - t) * (1 - t) * (1 - t) / 6;
            w[a * 4 + 1] = (3 * t3 - 6 * t2 + 4) / 6;
            w[a * 4 + 2] = (-3 * t3 + 3 * t2 + 3 * t + 1) / 6;
            w[a * 4 + 3] = t3 / 6;
        }
        double ux = 0, uy = 0, uz = 0;
        for (int c = 0; c < 4; c++)
        {
            int k = i0[2] + c;
            if (k < 0 || k >= ControlPoints) continue;
            for (int b = 0; b < 4; b++)
            {
                int j = i0[1] + b;
                if (j < 0 || j >= ControlPoints) continue;
                double wbc = w[4 + b] * w[8 + c];
                for (int a = 0; a < 4; a++)
                {
                    int i = i0[0] + a;
                    if (i < 0 || i >= ControlPoints) continue;
                    double ww = w[a] * wbc;
                    int n = 3 * (i + ControlPoints * (j + ControlPoints * k));
                    ux += ww * _coefficients[n];
                    uy += ww * _coefficients[n + 1];
                    uz += ww * _coefficients[n + 2];
                }
            }
        }
        return new Vec3(ux, uy, uz);
    }
}
